/**
 * Embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069) reorder the text around them:
 * "PayPal Service \u202E" before an address shows it backwards, and "Invoice_\u202Efdp.exe" reads as
 * "…exe.pdf". No name, subject, address or file name needs them to be read right (the marks U+200E and
 * U+200F stay), so text from a message loses them before it is shown.
 */
const DIRECTION_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

export function withoutDirectionControls(text: string): string {
  return text.replace(DIRECTION_CONTROLS, '');
}
