/**
 * Command names and Electron channel names, free of any dependency so that the sandboxed preload can
 * import them. The contract in contract.ts gives each command its schemas.
 */
export const commandNames = [
  'accounts.list',
  'accounts.add',
  'accounts.discover',
  'app.secretStorage',
  'sync.account',
  'messages.fetchBody',
  'messages.saveAttachment',
  'sync.watchFolder',
  'folders.setKeepOffline',
  'messages.fetchInlineImages',
  'operations.replay',
  'accounts.remove',
  'accounts.update',
  'accounts.updatePassword',
  'accounts.trustCertificate',
  'app.setUnreadCount',
  'messages.openAttachment',
  'search.server',
  'accounts.oauthProviders',
  'accounts.beginOAuthSignIn',
  'accounts.cancelOAuthSignIn',
  'accounts.addWithOAuth',
  'accounts.renewOAuthSignIn',
  'app.takeMailtoLink',
] as const;
export type CommandName = (typeof commandNames)[number];

export function isCommandName(value: unknown): value is CommandName {
  return typeof value === 'string' && (commandNames as readonly string[]).includes(value);
}

export const ELECTRON_CHANNELS = {
  invoke: 'kestrel:invoke',
  event: 'kestrel:event',
  cacheRequest: 'kestrel:cache-request',
  cacheReply: 'kestrel:cache-reply',
} as const;
