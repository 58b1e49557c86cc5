/** One wording wherever the window says that passwords are not in the OS keychain. */
export const SECRETS_IN_FILE_WARNING =
  'Browser mode: your password is kept in a file only your user can read, without keychain encryption. Use the desktop app to keep it in the OS keychain.';
