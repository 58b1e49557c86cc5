/** Where a saved attachment goes: the Electron shell asks the user, the browser host uses a folder. */
export interface SaveLocation {
  /** A path to write to, or null when the user cancelled. */
  choose(filename: string): Promise<string | null>;
}
