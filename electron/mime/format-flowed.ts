/**
 * Undoes format=flowed (RFC 3676): a line that ends in a space goes on in the next line of the same quote
 * depth, so that paragraphs wrap to the reader's window instead of at the sender's 72 columns. Quote
 * marks and space-stuffing are taken off and quotes written back as `> `; with DelSp=yes (Apple Mail,
 * Japanese mailers) the soft break's space was added by the sender and goes too. Expects `\n` line ends.
 */
export function unflow(text: string, delsp: boolean): string {
  const lines: string[] = [];
  let depth = 0;
  /** The paragraph being joined, while its last line was soft-broken; null between paragraphs. */
  let open: string | null = null;
  const quoted = (level: number, line: string): string => (level === 0 ? line : `${'>'.repeat(level)} ${line}`);
  for (const raw of text.split('\n')) {
    const level = /^>*/.exec(raw)?.[0].length ?? 0;
    let line = raw.slice(level);
    if (line.startsWith(' ')) line = line.slice(1);
    // The signature separator "-- " ends in a space but never flows (RFC 3676 section 4.3).
    const flowed = line.endsWith(' ') && line !== '-- ';
    if (flowed && delsp) line = line.slice(0, -1);
    if (open !== null && level !== depth) {
      lines.push(quoted(depth, open));
      open = null;
    }
    const joined: string = (open ?? '') + line;
    depth = level;
    if (flowed) open = joined;
    else {
      lines.push(quoted(level, joined));
      open = null;
    }
  }
  if (open !== null) lines.push(quoted(depth, open));
  return lines.join('\n');
}
