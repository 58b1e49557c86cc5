/**
 * Per-server deviations from the RFCs that other clients learned the hard way. Matched on the host
 * name, since servers do not reliably say who they are before login.
 */
export interface ServerQuirks {
  /** QRESYNC's VANISHED is reported malformed (iCloud): fall back to CONDSTORE. */
  avoidQresync: boolean;
}

const quirksByHost: ReadonlyArray<{ host: RegExp; quirks: Partial<ServerQuirks> }> = [
  { host: /(^|\.)mail\.me\.com$/i, quirks: { avoidQresync: true } },
];

export function quirksFor(host: string): ServerQuirks {
  const found = quirksByHost.find((entry) => entry.host.test(host));
  return { avoidQresync: false, ...found?.quirks };
}
