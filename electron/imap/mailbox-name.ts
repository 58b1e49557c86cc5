/**
 * Mailbox names on the wire (RFC 3501 section 5.1.3, "modified UTF-7"): printable ASCII stays as it is,
 * `&` becomes `&-`, and every other run is UTF-16BE in base64 with `,` for `/`, between `&` and `-`.
 */
export function encodeMailboxName(name: string): string {
  let encoded = '';
  let run = '';
  const flush = (): void => {
    if (run === '') return;
    const bytes = Buffer.alloc(run.length * 2);
    for (let index = 0; index < run.length; index++) bytes.writeUInt16BE(run.charCodeAt(index), index * 2);
    encoded += `&${bytes.toString('base64').replace(/=+$/, '').replace(/\//g, ',')}-`;
    run = '';
  };
  for (const char of name) {
    const code = char.charCodeAt(0);
    if (code >= 0x20 && code <= 0x7e) {
      flush();
      encoded += char === '&' ? '&-' : char;
    } else {
      run += char;
    }
  }
  flush();
  return encoded;
}
