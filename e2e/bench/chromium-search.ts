import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { join } from 'node:path';
import type { MessageHeader } from '../../shared/domain/message';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureChromiumInstalled } from '../support/chromium';
import { generateMailbox, type MessageSpec } from '../support/messages';
import { figure, percentile, type Figure } from './figures';
import type { SeedRow } from './search-page';

const ORIGIN = 'http://bench.kestrel.test';

interface BenchWindow {
  kestrelBench: {
    seed: (rows: SeedRow[]) => Promise<{ indexed: number; plain: number; tokenize: number; index: number }>;
    search: (queries: string[]) => Promise<number[]>;
    scan: (queries: string[]) => Promise<number[]>;
  };
}
const CHUNK = 5000;
const QUERIES = 200;
/** The full-table baseline reads 100,000 rows per query: a sample of the queries is enough. */
const BASELINE_QUERIES = 20;

const attachment = (index: number): MessageHeader['bodyStructure'] => ({
  type: 'multipart/mixed',
  childNodes: [
    { part: '1', type: 'text/plain' },
    { part: '2', type: 'application/pdf', disposition: 'attachment', dispositionParameters: { filename: `report-${index}.pdf` } },
  ],
});

function row(spec: MessageSpec, index: number): SeedRow {
  const header: MessageHeader = {
    uid: index + 1,
    messageId: spec.messageId ?? null,
    subject: spec.subject,
    from: [spec.from],
    to: spec.to,
    cc: [],
    date: spec.date.getTime(),
    internalDate: spec.date.getTime(),
    size: 2000,
    flags: index % 3 === 0 ? [] : ['\\Seen'],
    bodyStructure: spec.attachments === undefined ? { type: 'text/plain', part: '1' } : attachment(index),
    preview: (spec.text ?? '').slice(4, 200),
  };
  // A fifth of the messages have their body cached, as after reading or keeping a folder offline.
  return { path: index % 4 === 0 ? 'Archive' : 'INBOX', header, body: index % 5 === 0 ? (spec.text ?? null) : null };
}

const QUERY_KINDS = ['word', 'prefix', 'from', 'twoWords', 'phrase'] as const;

/** A realistic mix: single words, prefixes, from:, two words, a phrase. */
function queries(specs: MessageSpec[]): string[] {
  const words = specs.slice(0, 500).flatMap((spec) => spec.subject.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 3));
  const makers = [
    (i: number) => words[i % words.length] ?? 'report',
    (i: number) => (words[(i * 7) % words.length] ?? 'inv').slice(0, 3),
    (i: number) => `from:${(specs[(i * 13) % specs.length]?.from.name.split(' ')[0] ?? 'ada').toLowerCase() || 'alerts'}`,
    (i: number) => `${words[(i * 3) % words.length] ?? 'a'} ${words[(i * 5 + 1) % words.length] ?? 'b'}`,
    (i: number) => `"${(specs[(i * 17) % specs.length]?.subject ?? 'quarterly report').split(' ').slice(0, 2).join(' ')}"`,
  ];
  return Array.from({ length: QUERIES }, (_, i) => makers[i % makers.length]?.(i) ?? 'report');
}

/**
 * search.local.100k.p95 and search.index.cost, in Chromium's real IndexedDB with the app's schema, word
 * index and search code (bundled for a page of their own, so the cache can be filled without a sync).
 */
export async function measureChromiumSearch(messages: number): Promise<Figure[]> {
  ensureChromiumInstalled();
  const bundle = await build({
    entryPoints: [join(import.meta.dirname, 'search-page.ts')],
    bundle: true,
    format: 'iife',
    write: false,
    platform: 'browser',
    target: 'es2022',
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  const specs = generateMailbox(messages, 77).map((message) => message.spec);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.route(`${ORIGIN}/**`, (route) =>
      route.fulfill(
        route.request().url().endsWith('.js')
          ? { contentType: 'text/javascript', body: script }
          : { contentType: 'text/html', body: '<!doctype html><script src="/bench.js"></script>' },
      ),
    );
    await page.goto(`${ORIGIN}/`);
    let spent = { tokenize: 0, index: 0 };
    let indexed = 0;
    let plain = 0;
    for (let offset = 0; offset < specs.length; offset += CHUNK) {
      const rows = specs.slice(offset, offset + CHUNK).map((spec, index) => row(spec, offset + index));
      // Inline arrows: the TypeScript loader names (and wraps) only functions that have a name.
      const took = await page.evaluate((chunk) => (window as unknown as BenchWindow).kestrelBench.seed(chunk), rows);
      indexed += took.indexed;
      plain += took.plain;
      spent = { tokenize: took.tokenize, index: took.index };
    }
    const mix = queries(specs);
    const times = await page.evaluate((list) => (window as unknown as BenchWindow).kestrelBench.search(list), mix);
    const baseline = await page.evaluate((list) => (window as unknown as BenchWindow).kestrelBench.scan(list), mix.slice(0, BASELINE_QUERIES));
    const p95 = percentile(times, 95);
    // Which kind of query is slow: the mix cycles through the makers' kinds in order.
    const byKind = Object.fromEntries(
      QUERY_KINDS.map((kind, k) => [
        `p95.${kind}`,
        Math.round(
          percentile(
            times.filter((_, i) => i % QUERY_KINDS.length === k),
            95,
          ),
        ),
      ]),
    );
    const baselineP95 = percentile(baseline, 95);
    return [
      figure(`search.local.${messages / 1000}k.p95`, p95, 'ms', baselineP95, {
        queries: times.length,
        median: Math.round(percentile(times, 50)),
        ...byKind,
        slowest: [...times.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 3)
          .map(([index, ms]) => `${mix[index] ?? ''} ${Math.round(ms)} ms`)
          .join(' · '),
        baselineIs: `a full-table filter of the same queries (${BASELINE_QUERIES} of them), same browser`,
        cache: 'Chromium IndexedDB, the app schema and search code in a page of their own',
      }),
      figure('search.index.cost', indexed, 'ms', plain, {
        measures: `writing ${messages} messages (20% with bodies) with their word index, against the same rows without words`,
        tokenizeMs: Math.round(spent.tokenize),
        indexMs: Math.round(spent.index),
      }),
    ];
  } finally {
    await browser.close();
  }
}
