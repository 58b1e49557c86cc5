import { measureChromiumSearch } from './chromium-search';
import { printFigure } from './figures';

/** `npm run bench:search`: the search figures alone (they need no IMAP server). */
async function main(): Promise<void> {
  for (const line of await measureChromiumSearch(Number(process.env.KESTREL_BENCH_MESSAGES ?? '100000'))) printFigure(line);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
