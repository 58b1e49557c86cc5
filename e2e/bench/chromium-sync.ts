import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureChromiumInstalled } from '../support/chromium';
import type { DovecotInfo, TestUser } from '../support/dovecot';
import { imapClientFor } from '../support/dovecot';
import { startHostProcess } from '../support/host-process';
import { figure, type Figure } from './figures';
import { busySecondsSince, cores, sampleCpu } from './machine-cpu';

const headerQuery = { uid: true, envelope: true, flags: true, size: true, internalDate: true, bodyStructure: true } as const;

interface Measured {
  ms: number;
  /** Busy core-seconds of the whole machine meanwhile. */
  cpuSeconds: number;
}

async function bareFetch(info: DovecotInfo, user: TestUser): Promise<Measured> {
  const client = await imapClientFor(info, user);
  try {
    await client.mailboxOpen('INBOX', { readOnly: true });
    const cpu = sampleCpu();
    const start = performance.now();
    for await (const message of client.fetch('1:*', headerQuery, { uid: true })) if (message.uid < 0) break;
    return { ms: performance.now() - start, cpuSeconds: busySecondsSince(cpu) };
  } finally {
    await client.logout();
  }
}

/**
 * Copies the cached rows into a fresh database with raw IndexedDB, in one transaction. Plain JavaScript
 * in a string: the TypeScript loader would add helpers that do not exist in the page.
 */
const BARE_WRITE_SCRIPT = `(async () => {
  const open = (name, upgrade) => new Promise((resolve, reject) => {
    const request = upgrade ? indexedDB.open(name, 1) : indexedDB.open(name);
    request.onupgradeneeded = () => upgrade && upgrade(request.result);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const cache = await open('kestrel-mail');
  const rows = await new Promise((resolve, reject) => {
    const request = cache.transaction('messages').objectStore('messages').getAll();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const copy = await open('bench-copy', (db) => {
    const store = db.createObjectStore('messages', { keyPath: ['folderKey', 'uid'] });
    store.createIndex('[folderKey+date]', ['folderKey', 'date']);
    store.createIndex('[folderKey+unread]', ['folderKey', 'unread']);
  });
  const started = performance.now();
  await new Promise((resolve, reject) => {
    const transaction = copy.transaction('messages', 'readwrite');
    const store = transaction.objectStore('messages');
    for (const row of rows) store.put(row);
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
  });
  return { ms: performance.now() - started, rows: rows.length };
})()`;

/**
 * The whole app as a person runs it without Electron (`npm run web`): the engine in the host process,
 * the cache in Chromium's real IndexedDB. Measured from pressing "Add account" to "Up to date".
 */
export async function measureChromiumSync(info: DovecotInfo, user: TestUser, caCertPath: string, messages: number): Promise<Figure> {
  ensureChromiumInstalled();
  await bareFetch(info, user);
  const fetchBaseline = await bareFetch(info, user);
  const dir = mkdtempSync(join(tmpdir(), 'kestrel-bench-web-'));
  const host = await startHostProcess({ dataDir: dir, caCertPath });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(host.url);
    await page.getByLabel('Your name').fill('Bench');
    await page.getByLabel('Email address').fill(user.email);
    await page.getByLabel('IMAP server').fill(info.host);
    await page.getByLabel('Port').fill(String(info.tlsPort));
    await page.getByLabel('User name').fill(user.username);
    await page.getByLabel('Password').fill(user.password);
    const syncCpu = sampleCpu();
    const start = performance.now();
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByRole('status', { name: 'Sync status' }).getByText('Up to date').waitFor({ timeout: 600_000 });
    const synced = performance.now() - start;
    const syncCpuSeconds = busySecondsSince(syncCpu);

    // The other baseline: writing the same rows in the same browser, bare, in one transaction.
    const writeCpu = sampleCpu();
    const writeBaseline = await page.evaluate<{ ms: number; rows: number }>(BARE_WRITE_SCRIPT);
    const writeCpuSeconds = busySecondsSince(writeCpu);
    if (writeBaseline.rows !== messages) throw new Error(`Chromium cached ${writeBaseline.rows} of ${messages} messages`);
    const baseline = Math.max(fetchBaseline.ms, writeBaseline.ms);
    // Fetching and writing each keep more than one process busy (Dovecot and the parser; the renderer
    // and the browser's database thread). However well they overlap, the sync cannot take less than
    // their combined CPU time spread over the machine's cores: on few cores that floor is above 1.5.
    const cpuFloorMs = ((fetchBaseline.cpuSeconds + writeCpuSeconds) / cores) * 1000;
    return figure(`sync.initial.chromium.${messages / 1000}k`, synced, 'ms', baseline, {
      cache: 'Chromium IndexedDB through npm run web',
      baselineIs: 'the slower of a bare imapflow FETCH and a bare IndexedDB write of the same rows',
      fetchBaselineMs: Math.round(fetchBaseline.ms),
      writeBaselineMs: Math.round(writeBaseline.ms),
      cores,
      syncCpuSeconds: Math.round(syncCpuSeconds * 100) / 100,
      baselinesCpuSeconds: Math.round((fetchBaseline.cpuSeconds + writeCpuSeconds) * 100) / 100,
      cpuFloorRatio: Math.round((cpuFloorMs / baseline) * 100) / 100,
      includes: 'the login check before saving the account',
    });
  } finally {
    await browser.close();
    await host.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
