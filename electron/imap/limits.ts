/**
 * Bounds on what a server may make us hold in memory. imapflow's defaults are near a gigabyte, which a
 * hostile or broken server could use to exhaust the app; these are far above any legitimate response.
 */
export const imapLimits = {
  /** A header batch of a few hundred messages, or one display part of at most 4 MiB plus framing. */
  maxLiteralSize: 16 * 1024 * 1024,
  maxResponseSize: 24 * 1024 * 1024,
  /** Long enough for a UID SEARCH answer on a folder of a million messages. */
  maxLineLength: 16 * 1024 * 1024,
  connectionTimeout: 20_000,
  greetingTimeout: 16_000,
  socketTimeout: 5 * 60_000,
} as const;

/**
 * The most untagged LIST, LSUB, STATUS and SEARCH lines one command may draw. imapflow keeps them until the
 * command ends (a LIST up to a million entries of about a kilobyte each), and a server that never ends it
 * keeps the process parsing flat out, starving every other account; no imapflow option bounds it. A real
 * server sends one SEARCH line per command, and folder trees (shared namespaces included) stay far below.
 */
export const MAX_COLLECTED_RESPONSES_PER_COMMAND = 50_000;

/**
 * Messages per header FETCH after the first: each is one cache transaction, whose fixed cost in
 * Chromium's IndexedDB dominates below a thousand rows; a batch stays around a megabyte.
 */
export const HEADER_BATCH_SIZE = 1000;
/** The very first batch is small so that the newest mail shows at once. */
export const FIRST_HEADER_BATCH_SIZE = 50;
