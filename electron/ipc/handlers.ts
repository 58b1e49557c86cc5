import type { z } from 'zod';
import type { CommandName, CommandOutput, commands } from '../../shared/ipc/contract';
import type { AccountService } from '../accounts/account-service';
import type { SyncEngine } from '../sync/engine';
import type { WindowSession } from './window-session';

export type CommandHandlers = {
  [C in CommandName]: (input: z.output<(typeof commands)[C]['input']>, session: WindowSession) => Promise<CommandOutput<C>>;
};

export interface HandlerDeps {
  accounts: AccountService;
  engine: SyncEngine;
}

export function createHandlers({ accounts, engine }: HandlerDeps): CommandHandlers {
  return {
    'accounts.list': () => accounts.list(),
    'accounts.add': (draft) => accounts.add(draft),
    'sync.account': ({ accountId }, session) => engine.syncAccount(accountId, session.cache),
    'messages.fetchBody': (ref, session) => engine.fetchBody(ref, session.cache),
  };
}
