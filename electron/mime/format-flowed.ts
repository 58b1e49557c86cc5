/**
 * Undoes format=flowed (RFC 3676): a line that ends in a space goes on in the next line of the same quote
 * depth, so that paragraphs wrap to the reader's window instead of at the sender's 72 columns. Quote
 * marks and space-stuffing are taken off and quotes written back as `> `; with DelSp=yes (Apple Mail,
 * Japanese mailers) the soft break's space was added by the sender and goes too. Expects `\n` line ends.
 */
export function unflow(text: string, delsp: boolean): string {
  const lines: string[] = [];
  let paragraph: { depth: number; text: string } | null = null;
  const close = (): void => {
    if (paragraph !== null) lines.push(paragraph.depth === 0 ? paragraph.text : `${'>'.repeat(paragraph.depth)} ${paragraph.text}`);
    paragraph = null;
  };
  for (const raw of text.split('\n')) {
    const depth = /^>*/.exec(raw)?.[0].length ?? 0;
    let line = raw.slice(depth);
    if (line.startsWith(' ')) line = line.slice(1);
    // The signature separator "-- " ends in a space but never flows (RFC 3676 section 4.3).
    const flowed = line.endsWith(' ') && line !== '-- ';
    if (flowed && delsp) line = line.slice(0, -1);
    if (paragraph?.depth === depth) paragraph.text += line;
    else {
      close();
      paragraph = { depth, text: line };
    }
    if (!flowed) close();
  }
  close();
  return lines.join('\n');
}
