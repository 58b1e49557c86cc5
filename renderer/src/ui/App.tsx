import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { emptyComposeFields, parseMailto } from '../../../shared/compose/mailto';
import type { Draft } from '../../../shared/domain/draft';
import { folderKey } from '../../../shared/domain/folder';
import { AppFailure } from '../../../shared/ipc/result';
import type { KestrelApi } from '../../../shared/ipc/contract';
import type { CachedAccount, MailCache } from '../cache/db';
import { FLAGGED, SEEN, type MailActions, type Selection } from '../cache/mail-actions';
import { dismissFailed } from '../cache/operation-queue';
import { forgetAccount, unifiedInboxCounts, type ListSort } from '../cache/queries';
import { hostConnection } from '../transport/host-connection';
import { AddAccountForm } from './AddAccountForm';
import { CommandRelay } from './CommandRelay';
import { ComposeContext } from './compose-context';
import { Composer, type ComposeRequest } from './Composer';
import { ContextMenu } from './ContextMenu';
import { ConfirmDialog, TextDialog } from './Dialog';
import { EditAccountDialog } from './EditAccountDialog';
import { FolderDialogs } from './FolderDialogs';
import { FolderList, type FolderCommand } from './FolderList';
import { FolderPicker } from './FolderPicker';
import { byFolder, type ListSource, type MessageKey } from './message-key';
import { MessageList } from './MessageList';
import { MessageToolbar, type MessageCommand } from './MessageToolbar';
import { PasswordDialog } from './PasswordDialog';
import { TrustCertificateDialog } from './CertificateDialog';
import { PendingChanges } from './PendingChanges';
import { Reader } from './Reader';
import { ShortcutSheet } from './ShortcutSheet';
import { SignInAgain } from './SignInAgain';
import { StatusBar } from './StatusBar';
import { secretsInFile, useSecretStorage } from './use-secret-storage';
import { ToastBar } from './ToastBar';
import { useEngine } from './use-engine';
import { UnreadCount } from './UnreadCount';
import { useMailActions } from './use-mail-actions';
import { SearchResults } from './SearchResults';
import { useSearch } from './use-search';
import type { SearchScope } from '../cache/search';
import { Splitter } from './Splitter';
import { paneLimits, usePaneSizes } from './use-pane-sizes';
import { useCompact } from './use-compact';
import { loadView, saveView, type View } from './view-memory';

interface Props {
  api: KestrelApi;
  db: MailCache;
  browserMode: boolean;
}

const SORT_KEY = 'kestrel.sort';
const SEARCH_FIELD_ID = 'search-mail';
/** Each composer opened is a new one: its fields start from its own request. */
let nextComposeId = 1;

function messagesLabel(count: number): string {
  return count === 1 ? '1 message' : `${count.toLocaleString()} messages`;
}

function sourceOf(view: View, accounts: readonly CachedAccount[]): ListSource {
  return view.kind === 'unified' ? { kind: 'unified', accountIds: accounts.map((account) => account.id) } : view;
}

export function App({ api, db, browserMode }: Props) {
  const engine = useEngine(api, db);
  const secretStorage = useSecretStorage(api);
  const runner = useMailActions(api, db);
  const { notify } = runner;
  const [composing, setComposing] = useState<(ComposeRequest & { id: number }) | null>(null);
  /**
   * Opens the composer, unless one is open already: what the user is writing is not replaced by a link
   * clicked meanwhile (they are told, and can click it again).
   */
  const composerOpen = useRef(false);
  useEffect(() => {
    composerOpen.current = composing !== null;
  }, [composing]);
  const compose = useCallback(
    (request: ComposeRequest) => {
      if (composerOpen.current) {
        notify('Save or discard the message you are writing first, then open the new one.', 'info');
        return;
      }
      composerOpen.current = true;
      setComposing({ ...request, id: nextComposeId++ });
    },
    [notify],
  );
  const composeNew = useCallback(() => {
    compose({ fields: emptyComposeFields, accountId: null });
  }, [compose]);
  /** A mailto: link, clicked in a message or handed over by the system, opens a new message. */
  const composeMailto = useCallback(
    (href: string) => {
      const parsed = parseMailto(href);
      if (parsed.ok) compose({ fields: parsed.fields, accountId: null });
      else notify(parsed.hint, 'error');
    },
    [compose, notify],
  );
  const takeMailtoLink = useCallback(() => {
    void api.invoke('app.takeMailtoLink', {}).then((result) => {
      if (result.ok && result.value.mailto !== null) composeMailto(result.value.mailto);
    });
  }, [api, composeMailto]);
  const hostConnected = useSyncExternalStore(hostConnection.subscribe, hostConnection.get);
  const accounts = useLiveQuery(() => db.accounts.toArray(), [db]);
  const [view, setView] = useState<View | null>(loadView);
  const [open, setOpen] = useState<MessageKey | null>(null);
  const [selected, setSelected] = useState<MessageKey[]>([]);
  const [folderCommand, setFolderCommand] = useState<{ accountId: string; command: FolderCommand } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<MessageKey[] | null>(null);
  const [tagging, setTagging] = useState<MessageKey[] | null>(null);
  const [addingAccount, setAddingAccount] = useState(false);
  const [removing, setRemoving] = useState<CachedAccount | null>(null);
  const [editing, setEditing] = useState<CachedAccount | null>(null);
  const [picking, setPicking] = useState<MessageKey[] | null>(null);
  const [shortcuts, setShortcuts] = useState(false);
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const [passwordFor, setPasswordFor] = useState<CachedAccount | null>(null);
  const [certificateFor, setCertificateFor] = useState<string | null>(null);
  const goPending = useRef(false);
  const [sizes, resize] = usePaneSizes();
  const compact = useCompact();
  const [foldersOpen, setFoldersOpen] = useState(false);
  const [searchText, setSearchText] = useState('');
  const [searchAll, setSearchAll] = useState(false);
  const [sort, setSort] = useState<ListSort>(() => (localStorage.getItem(SORT_KEY) === 'sender' ? 'sender' : 'date'));
  const accountIds = (accounts ?? []).map((account) => account.id);
  const unified = useLiveQuery(() => unifiedInboxCounts(db, accountIds), [db, accountIds.join()]);

  // The view shown: the one remembered, while its account exists; else the first account's Inbox.
  const firstAccount = accounts?.[0];
  const shown: View | null =
    view !== null && (view.kind === 'unified' ? accountIds.length > 1 : accountIds.includes(view.accountId))
      ? view
      : firstAccount === undefined
        ? null
        : { kind: 'folder', accountId: firstAccount.id, path: 'INBOX' };

  const searchScope: SearchScope =
    searchAll || shown === null || shown.kind === 'unified'
      ? { kind: 'all', accountIds }
      : { kind: 'folder', accountId: shown.accountId, path: shown.path };
  const search = useSearch(api, db, searchText, searchScope, accounts ?? []);

  // Pushed changes follow the folder on screen; the answer adds nothing to show.
  const watched = shown?.kind === 'folder' ? `${shown.accountId}\u0000${shown.path}` : null;
  useEffect(() => {
    if (shown?.kind === 'folder') void api.invoke('sync.watchFolder', { accountId: shown.accountId, path: shown.path });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `watched` is the folder's identity
  }, [api, watched]);

  const show = useCallback((next: View) => {
    setFoldersOpen(false);
    setView(next);
    saveView(next);
    setOpen(null);
    setSelected([]);
  }, []);

  // Keys that work anywhere but in a text field or a dialog: Ctrl/Cmd+Z undoes the last move or delete
  // while its toast shows; g then i goes to the Inbox; ? shows every shortcut.
  const undo = runner.toast?.undo;
  const inbox: View | null =
    accountIds.length > 1
      ? { kind: 'unified' }
      : shown === null
        ? null
        : { kind: 'folder', accountId: shown.kind === 'folder' ? shown.accountId : (accountIds[0] ?? ''), path: 'INBOX' };
  const inboxId = JSON.stringify(inbox);
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'z' && undo !== undefined) {
        event.preventDefault();
        undo();
        return;
      }
      const target = event.target;
      const typing = target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
      if (typing || event.ctrlKey || event.metaKey || event.altKey || document.querySelector('dialog[open]') !== null) return;
      if (event.key === '/') {
        event.preventDefault();
        document.getElementById(SEARCH_FIELD_ID)?.focus();
      } else if (event.key === '?') {
        event.preventDefault();
        setShortcuts(true);
      } else if (event.key === 'c') {
        event.preventDefault();
        composeNew();
      } else if (event.key === 'g') {
        goPending.current = true;
        setTimeout(() => {
          goPending.current = false;
        }, 1500);
      } else if (event.key === 'i' && goPending.current) {
        goPending.current = false;
        const target = JSON.parse(inboxId) as View | null;
        if (target !== null) show(target);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, [undo, inboxId, show, composeNew]);

  const closeFolderCommand = useCallback(() => {
    setFolderCommand(null);
  }, []);

  // The shell's requests: a clicked new-mail notification opens its message; the application menu's
  // commands do what the toolbar and keys do.
  const [menuCommand, setMenuCommand] = useState<MessageCommand | null>(null);
  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.type === 'openMessage') {
          const key = { accountId: event.accountId, path: event.path, uid: event.uid };
          const next: View = { kind: 'folder', accountId: event.accountId, path: event.path };
          setFoldersOpen(false);
          setView(next);
          saveView(next);
          setOpen(key);
          setSelected([key]);
        } else if (event.type === 'compose') {
          takeMailtoLink();
        } else if (event.type === 'menu') {
          if (event.command === 'addAccount') setAddingAccount(true);
          else if (event.command === 'compose') composeNew();
          else if (event.command === 'shortcuts') setShortcuts(true);
          else if (event.command === 'goToInbox') {
            const target = JSON.parse(inboxId) as View | null;
            if (target !== null) show(target);
          } else setMenuCommand(event.command);
        }
      }),
    [api, inboxId, show, takeMailtoLink, composeNew],
  );
  // A link the system handed over before this window was listening (Kestrel was started to open it).
  useEffect(takeMailtoLink, [takeMailtoLink]);

  // The dock or taskbar badge counts unread mail in every Inbox.
  const unreadInInboxes = unified?.unread;
  useEffect(() => {
    if (unreadInInboxes !== undefined) void api.invoke('app.setUnreadCount', { count: unreadInInboxes });
  }, [api, unreadInInboxes]);

  if (accounts === undefined) return null;
  const certificateProblem = certificateFor === null ? undefined : engine.statuses[certificateFor]?.error?.certificate;
  const addAccount = (
    <AddAccountForm
      api={api}
      secretStorage={secretStorage}
      browserMode={browserMode}
      onCancel={
        accounts.length === 0
          ? undefined
          : () => {
              setAddingAccount(false);
            }
      }
      onAdded={(added) => {
        setAddingAccount(false);
        void db.accounts.put(added).then(() => {
          engine.sync(added.id);
          show({ kind: 'folder', accountId: added.id, path: 'INBOX' });
        });
      }}
    />
  );
  if (shown === null) return addAccount;

  const source = sourceOf(shown, accounts);
  const targets: MessageKey[] = selected.length > 0 ? selected : open === null ? [] : [open];
  // Folder commands and "Move to" work in the account of what is selected, or of the folder shown.
  const actionAccount = targets[0]?.accountId ?? (shown.kind === 'folder' ? shown.accountId : (firstAccount?.id ?? ''));
  const clearSelection = (): void => {
    setSelected([]);
    setOpen(null);
  };

  const runOnEach = async (keys: readonly MessageKey[], work: (mail: MailActions, selection: Selection) => Promise<unknown>): Promise<void> => {
    for (const selection of byFolder(keys)) await runner.run(selection.accountId, (mail) => work(mail, selection));
  };

  /** Moves (or deletes) with Undo when one folder is involved; several folders are plain runs. */
  const moveAway = async (
    keys: readonly MessageKey[],
    text: string,
    work: (mail: MailActions, selection: Selection) => Promise<number | null>,
  ): Promise<void> => {
    const groups = byFolder(keys);
    const [only] = groups;
    if (groups.length === 1 && only !== undefined) {
      await runner.runUndoable(only.accountId, text, (mail) => work(mail, only));
      return;
    }
    for (const selection of groups) await runner.run(selection.accountId, (mail) => work(mail, selection));
  };

  const openMessage = (key: MessageKey): void => {
    setOpen(key);
    setSelected([key]);
    // Opening a message reads it, as in every mail client.
    void db.messages.get([folderKey(key.accountId, key.path), key.uid]).then((row) => {
      if (row !== undefined && !row.flags.includes(SEEN))
        void runner.run(key.accountId, (mail) => mail.setFlags({ accountId: key.accountId, path: key.path, uids: [key.uid] }, [SEEN], []));
    });
  };

  const moveTo = async (keys: readonly MessageKey[], toAccountId: string, toPath: string, copy: boolean): Promise<void> => {
    const what = messagesLabel(keys.length);
    const options = (selection: { accountId: string }) => ({ copy, ...(selection.accountId === toAccountId ? {} : { toAccountId }) });
    if (copy) {
      await runOnEach(keys, (mail, selection) => mail.move(selection, toPath, options(selection)));
      return;
    }
    if (keys.some((key) => open !== null && key.uid === open.uid && key.path === open.path && key.accountId === open.accountId)) clearSelection();
    await moveAway(keys, `Moved ${what} to ${toPath}.`, (mail, selection) => mail.move(selection, toPath, options(selection)));
  };

  const onCommand = async (command: MessageCommand): Promise<void> => {
    const keys = targets;
    if (keys.length === 0) return;
    const what = messagesLabel(keys.length);
    if (command === 'toggleRead' || command === 'toggleStar') {
      const rows = (await db.messages.bulkGet(keys.map((key): [string, number] => [folderKey(key.accountId, key.path), key.uid]))).flatMap((row) =>
        row === undefined ? [] : [row],
      );
      const flag = command === 'toggleRead' ? SEEN : FLAGGED;
      const add = command === 'toggleRead' ? rows.some((row) => !row.flags.includes(SEEN)) : !rows.every((row) => row.flags.includes(FLAGGED));
      await runOnEach(keys, (mail, selection) => mail.setFlags(selection, add ? [flag] : [], add ? [] : [flag]));
      return;
    }
    if (command === 'pickFolder') {
      setPicking(keys);
      return;
    }
    if (command === 'tag') {
      setTagging(keys);
      return;
    }
    if (typeof command === 'object' && 'untag' in command) {
      await runOnEach(keys, (mail, selection) => mail.setFlags(selection, [], [command.untag]));
      return;
    }
    if (command === 'archive') {
      clearSelection();
      await moveAway(keys, `Archived ${what}.`, (mail, selection) => mail.archive(selection));
      return;
    }
    if (command === 'delete') {
      const forGood = await Promise.all(byFolder(keys).map((selection) => runner.actions.deletesForGood(selection.accountId, selection.path)));
      if (forGood.some(Boolean)) {
        setConfirmDelete(keys);
        return;
      }
      clearSelection();
      await moveAway(keys, `Moved ${what} to Trash.`, (mail, selection) => mail.delete(selection));
      return;
    }
    await moveTo(keys, command.moveTo.accountId, command.moveTo.path, false);
  };

  /** Queues the draft and asks the engine to send it; the problem to show in the composer, or null. */
  const saveDraft = async (accountId: string, draft: Draft, failedOperationId: number | undefined): Promise<string | null> => {
    try {
      await runner.actions.saveDraft(accountId, draft);
    } catch (error) {
      return error instanceof AppFailure
        ? error.message
        : 'The draft could not be written to the mail cache. Copy its text, reload the window and try again.';
    }
    // The failed attempt this one repeats is done with: the new one carries the same message.
    if (failedOperationId !== undefined) await dismissFailed(db, failedOperationId);
    void api.invoke('operations.replay', { accountId });
    notify('Saved to Drafts. It goes to the server as soon as it can.', 'info');
    return null;
  };

  return (
    <div
      className={`app${compact ? ' compact' : ''}${compact && open !== null ? ' reading' : ''}${compact && foldersOpen ? ' folders-open' : ''}`}
      style={compact ? undefined : { gridTemplateColumns: `${sizes.folders}px auto ${sizes.list}px auto minmax(0, 1fr)` }}
    >
      <nav className="folders" aria-label="Folders">
        <button
          type="button"
          className="compose"
          onClick={() => {
            composeNew();
          }}
        >
          New message
        </button>
        {accounts.length > 1 && (
          <button
            type="button"
            className="folder unified"
            aria-current={shown.kind === 'unified' ? 'page' : undefined}
            onClick={() => {
              show({ kind: 'unified' });
            }}
          >
            <span className="folder-name">All Inboxes</span>
            {unified !== undefined && unified.unread > 0 && <UnreadCount count={unified.unread} />}
          </button>
        )}
        {accounts.map((account) => (
          <FolderList
            key={account.id}
            db={db}
            accountId={account.id}
            accountLabel={account.email}
            selectedPath={shown.kind === 'folder' && shown.accountId === account.id ? shown.path : null}
            onSelect={(path) => {
              show({ kind: 'folder', accountId: account.id, path });
            }}
            onKeepOffline={(folderPath, keepOffline) => {
              // The folder's new state arrives through the cache with the sync this starts.
              void api.invoke('folders.setKeepOffline', { accountId: account.id, path: folderPath, keepOffline });
            }}
            onDropMessages={(messages, toPath, copy) => {
              void moveTo(messages, account.id, toPath, copy);
            }}
            onFolderCommand={(command) => {
              setFolderCommand({ accountId: account.id, command });
            }}
            onRemoveAccount={() => {
              setRemoving(account);
            }}
            onEditAccount={() => {
              setEditing(account);
            }}
          />
        ))}
        <button
          type="button"
          className="add-account"
          onClick={() => {
            setAddingAccount(true);
          }}
        >
          Add account
        </button>
      </nav>
      {!compact && (
        <Splitter
          label="Resize the folder pane"
          value={sizes.folders}
          {...paneLimits.folders}
          onResize={(width) => {
            resize('folders', width);
          }}
        />
      )}
      <div className="list-pane">
        {compact && (
          <button
            type="button"
            className="folders-toggle"
            aria-expanded={foldersOpen}
            onClick={() => {
              setFoldersOpen(!foldersOpen);
            }}
          >
            Folders
          </button>
        )}
        <MessageToolbar
          db={db}
          accountId={actionAccount}
          selected={targets}
          onCommand={(command) => {
            void onCommand(command);
          }}
        />
        <div className="search-bar" role="search">
          <input
            id={SEARCH_FIELD_ID}
            type="search"
            aria-label="Search mail"
            placeholder="Search (/)"
            value={searchText}
            onChange={(event) => {
              setSearchText(event.target.value);
            }}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setSearchText('');
            }}
          />
          <select
            aria-label="Search in"
            value={searchAll ? 'all' : 'folder'}
            onChange={(event) => {
              setSearchAll(event.target.value === 'all');
            }}
          >
            <option value="folder">This folder</option>
            <option value="all">All folders</option>
          </select>
        </div>
        <label className="list-sort">
          Sort by{' '}
          <select
            value={sort}
            onChange={(event) => {
              const next: ListSort = event.target.value === 'sender' ? 'sender' : 'date';
              setSort(next);
              localStorage.setItem(SORT_KEY, next);
            }}
          >
            <option value="date">Date, newest first</option>
            <option value="sender">Sender, A to Z</option>
          </select>
        </label>
        {search.results !== null ? (
          <SearchResults search={search} open={open} several={accounts.length > 1} onOpen={openMessage} />
        ) : (
          <MessageList
            db={db}
            source={source}
            sort={sort}
            selected={selected}
            open={open}
            onOpen={openMessage}
            onSelectionChange={setSelected}
            onContextMenu={(key, x, y) => {
              // The menu acts on the selection when the row is in it, else on that row alone.
              if (!selected.some((candidate) => candidate.accountId === key.accountId && candidate.path === key.path && candidate.uid === key.uid))
                setSelected([key]);
              setMenu({ x, y });
            }}
            onCommand={(command) => {
              void onCommand(command);
            }}
          />
        )}
      </div>
      {!compact && (
        <Splitter
          label="Resize the message list"
          value={sizes.list}
          {...paneLimits.list}
          onResize={(width) => {
            resize('list', width);
          }}
        />
      )}
      {open === null ? (
        <section className="reader empty" aria-label="Message">
          <p>{selected.length > 1 ? `${messagesLabel(selected.length)} selected.` : 'Select a message to read it.'}</p>
        </section>
      ) : (
        <ComposeContext value={composeMailto}>
          <Reader
            api={api}
            db={db}
            accountId={open.accountId}
            path={open.path}
            uid={open.uid}
            highlightTerms={search.terms}
            canOpenFiles={!browserMode}
            onBack={
              compact
                ? () => {
                    setOpen(null);
                  }
                : undefined
            }
            onRemoveTag={(tag) => {
              void runner.run(open.accountId, (mail) => mail.setFlags({ accountId: open.accountId, path: open.path, uids: [open.uid] }, [], [tag]));
            }}
          />
        </ComposeContext>
      )}
      <StatusBar
        statuses={accounts.map((account) => ({ account, status: engine.statuses[account.id] }))}
        hostConnected={hostConnected}
        secretsInFile={secretsInFile(secretStorage, browserMode)}
        secretsNotice={secretStorage?.notice ?? null}
        onRetry={(accountId) => {
          engine.sync(accountId);
        }}
        onReenterPassword={(accountId) => {
          setPasswordFor(accounts.find((account) => account.id === accountId) ?? null);
        }}
        onReviewCertificate={setCertificateFor}
        signInAgain={(account) => <SignInAgain api={api} account={account} />}
      >
        {accounts.map((account) => (
          <PendingChanges
            key={account.id}
            db={db}
            accountId={account.id}
            onOpenDraft={(draft, failedOperationId) => {
              compose({ fields: draft, accountId: account.id, messageId: draft.messageId, failedOperationId });
            }}
          />
        ))}
      </StatusBar>
      <ToastBar toast={runner.toast} onDismiss={runner.dismissToast} />
      {composing !== null && accounts.length > 0 && (
        <Composer
          key={composing.id}
          accounts={accounts}
          request={{ ...composing, accountId: composing.accountId ?? actionAccount }}
          onClose={() => {
            setComposing(null);
          }}
          onSave={async (accountId, draft) => {
            const problem = await saveDraft(accountId, draft, composing.failedOperationId);
            if (problem === null) setComposing(null);
            return problem;
          }}
        />
      )}
      {folderCommand !== null && (
        <FolderDialogs
          accountId={folderCommand.accountId}
          command={folderCommand.command}
          runner={runner}
          onDone={closeFolderCommand}
          onFolderGone={(gone, renamedTo) => {
            if (shown.kind === 'folder' && shown.accountId === folderCommand.accountId && shown.path === gone)
              show({ kind: 'folder', accountId: folderCommand.accountId, path: renamedTo ?? 'INBOX' });
          }}
        />
      )}
      {addingAccount && addAccount}
      <CommandRelay
        command={menuCommand}
        onCommand={(command) => {
          setMenuCommand(null);
          void onCommand(command);
        }}
      />
      {passwordFor !== null && (
        <PasswordDialog
          api={api}
          accountId={passwordFor.id}
          email={passwordFor.email}
          onDone={() => {
            setPasswordFor(null);
          }}
        />
      )}
      {certificateFor !== null && certificateProblem !== undefined && (
        <TrustCertificateDialog
          api={api}
          accountId={certificateFor}
          problem={certificateProblem}
          onDone={() => {
            setCertificateFor(null);
          }}
        />
      )}
      {menu !== null && (
        <ContextMenu
          label="Message actions menu"
          x={menu.x}
          y={menu.y}
          onClose={() => {
            setMenu(null);
          }}
          items={[
            ...(targets.length === 1 && targets[0] !== undefined
              ? [
                  {
                    label: 'Open',
                    run: () => {
                      if (targets[0] !== undefined) openMessage(targets[0]);
                    },
                  },
                ]
              : []),
            ...(
              [
                ['Mark as read or unread', 'toggleRead'],
                ['Star or unstar', 'toggleStar'],
                ['Archive', 'archive'],
                ['Delete', 'delete'],
                ['Move to…', 'pickFolder'],
                ['Tag…', 'tag'],
              ] as const
            ).map(([label, command]) => ({
              label,
              run: () => {
                void onCommand(command);
              },
            })),
          ]}
        />
      )}
      {shortcuts && (
        <ShortcutSheet
          onClose={() => {
            setShortcuts(false);
          }}
        />
      )}
      {picking !== null && (
        <FolderPicker
          db={db}
          accountId={picking[0]?.accountId ?? actionAccount}
          exclude={new Set(picking.every((key) => key.accountId === picking[0]?.accountId) ? picking.map((key) => key.path) : [])}
          onCancel={() => {
            setPicking(null);
          }}
          onPick={(path) => {
            const keys = picking;
            setPicking(null);
            void moveTo(keys, keys[0]?.accountId ?? actionAccount, path, false);
          }}
        />
      )}
      {editing !== null && (
        <EditAccountDialog
          api={api}
          account={editing}
          onCancel={() => {
            setEditing(null);
          }}
          onSaved={(saved) => {
            setEditing(null);
            void db.accounts.put(saved);
          }}
        />
      )}
      {removing !== null && (
        <ConfirmDialog
          title={`Remove ${removing.email}?`}
          confirmLabel="Remove account"
          onCancel={() => {
            setRemoving(null);
          }}
          onConfirm={() => {
            const account = removing;
            setRemoving(null);
            void api.invoke('accounts.remove', { accountId: account.id }).then(async (result) => {
              if (result.ok) await forgetAccount(db, account.id);
            });
          }}
        >
          <p>Kestrel forgets this account, its password and the mail it keeps on this computer. The mail stays on the server.</p>
        </ConfirmDialog>
      )}
      {tagging !== null && (
        <TextDialog
          title="Add a tag"
          label="Tag (one word)"
          initial=""
          submitLabel="Add tag"
          onCancel={() => {
            setTagging(null);
          }}
          onSubmit={(tag) => {
            const keys = tagging;
            setTagging(null);
            void runOnEach(keys, (mail, selection) => mail.setFlags(selection, [tag.trim()], []));
          }}
        />
      )}
      {confirmDelete !== null && (
        <ConfirmDialog
          title="Delete for good?"
          confirmLabel="Delete for good"
          onCancel={() => {
            setConfirmDelete(null);
          }}
          onConfirm={() => {
            const keys = confirmDelete;
            setConfirmDelete(null);
            clearSelection();
            void runOnEach(keys, (mail, selection) => mail.delete(selection));
          }}
        >
          <p>{messagesLabel(confirmDelete.length)} will be removed from the server for good. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
