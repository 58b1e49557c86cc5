import type { MailboxObject } from 'imapflow';
import { AppFailure } from '../../shared/ipc/result';

/** UIDs, UIDVALIDITY and message counts are 32-bit unsigned (RFC 9051 nz-number / number). */
const MAX_UINT32 = 2 ** 32 - 1;
/** MODSEQ values are 63-bit (RFC 7162 mod-sequence-value). */
const MAX_MODSEQ = 2n ** 63n - 1n;

/** What a SELECT said about a folder, each number checked against what IMAP allows. */
export interface FolderNumbers {
  uidValidity: number;
  uidNext: number;
  exists: number;
  /** Absent where the folder keeps no mod-sequences. */
  highestModseq: bigint | undefined;
}

/** What the cache already holds of the folder, under the UIDVALIDITY it was synced with. */
export interface KnownFolderNumbers {
  uidValidity: number;
  uidNext: number;
}

/** The fields as imapflow really leaves them: one it could not parse is missing, whatever its types say. */
interface ReportedNumbers {
  uidValidity?: unknown;
  uidNext?: unknown;
  exists?: unknown;
  highestModseq?: unknown;
}

/** One folder's numbers refused: that folder is left as it was, and the account's other folders still sync. */
export class ImpossibleFolderNumbers extends AppFailure {}

function impossible(path: string, what: string): ImpossibleFolderNumbers {
  return new ImpossibleFolderNumbers({
    code: 'SERVER_ERROR',
    message: `The mail server reported impossible numbers for the folder “${path.slice(0, 200)}” (${what}), so Kestrel left what it has of that folder as it was. Try again later; if it keeps happening, tell whoever runs the mail server.`,
  });
}

function isUint32(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= MAX_UINT32;
}

/**
 * Checks the numbers a SELECT/EXAMINE reported before any of them reaches the cache. imapflow drops values
 * it cannot parse (leaving the field unset) and keeps anything up to 19 digits, so a hostile or broken
 * server can otherwise hand the sync a NaN UIDVALIDITY (every sync would then empty the folder and start
 * over), a missing UIDNEXT (a UID SEARCH over `1:NaN`), or a message count no 32-bit UID space can hold.
 * Anything impossible stops the folder's sync with an error the user sees, and the cached state stays put.
 */
export function checkedFolderNumbers(mailbox: MailboxObject, path: string, known: KnownFolderNumbers | null): FolderNumbers {
  const { uidValidity, uidNext, exists, highestModseq }: ReportedNumbers = mailbox;
  if (typeof uidValidity !== 'bigint' || uidValidity < 1n || uidValidity > BigInt(MAX_UINT32)) throw impossible(path, 'UIDVALIDITY');
  if (!isUint32(uidNext, 1)) throw impossible(path, 'UIDNEXT');
  if (!isUint32(exists, 0)) throw impossible(path, 'message count');
  // Every message has its own UID below UIDNEXT: more messages than that cannot be.
  if (exists > uidNext - 1) throw impossible(path, 'more messages than UIDs');
  if (highestModseq !== undefined && (typeof highestModseq !== 'bigint' || highestModseq < 1n || highestModseq > MAX_MODSEQ))
    throw impossible(path, 'HIGHESTMODSEQ');
  const numbers = { uidValidity: Number(uidValidity), uidNext, exists, highestModseq };
  // UIDs only ever grow under one UIDVALIDITY (RFC 9051 section 2.3.1.1). Taken at its word, a UIDNEXT that
  // went back would make the cache forget how far it had synced.
  if (known !== null && known.uidValidity === numbers.uidValidity && uidNext < known.uidNext) throw impossible(path, 'UIDNEXT went backwards');
  return numbers;
}
