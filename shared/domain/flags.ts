/** Keywords servers and clients set for their own bookkeeping: real flags, but not tags people chose. */
const BOOKKEEPING_KEYWORDS = new Set(
  [
    '$MDNSent',
    '$Forwarded',
    '$SubmitPending',
    '$Submitted',
    '$Junk',
    '$NotJunk',
    'Junk',
    'NonJunk',
    '$Phishing',
    '$HasAttachment',
    '$HasNoAttachment',
  ].map((keyword) => keyword.toLowerCase()),
);

/** The keywords of a message shown as tags: every keyword (no backslash) but the bookkeeping ones. */
export function tagsOf(flags: readonly string[]): string[] {
  return flags.filter((flag) => !flag.startsWith('\\') && !BOOKKEEPING_KEYWORDS.has(flag.toLowerCase()));
}

/** `$label1` style names read as plain words. */
export function tagLabel(tag: string): string {
  return tag.startsWith('$') ? tag.slice(1) : tag;
}
