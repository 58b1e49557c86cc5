import type { DovecotInfo, TestUser } from '../support/dovecot';
import { createUser, importMessages } from '../support/dovecot';
import { generateMailbox } from '../support/messages';

/**
 * A fresh user with generated mail in INBOX and Archive. Each message has a Message-ID of its own
 * (`<gen-seed-n@kestrel.test>`), which is how the exactly-once checks find every copy of it.
 */
export async function seededUser(info: DovecotInfo, name: string, inbox: number, archive: number, seed: number): Promise<TestUser> {
  const user = await createUser(info, name);
  await importMessages(
    info,
    user,
    'INBOX',
    generateMailbox(inbox, seed).map((message) => message.raw),
  );
  await importMessages(
    info,
    user,
    'Archive',
    generateMailbox(archive, seed + 1).map((message) => message.raw),
  );
  return user;
}
