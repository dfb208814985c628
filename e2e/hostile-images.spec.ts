import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { makeHostileImages } from '../scripts/lib/hostile-images.ts';
import { newAccount, password, useOwnStack } from './fixtures.ts';
import { mnistPng } from './mnist.ts';

const mib = 1024 * 1024;
/** How far workerd's resident memory may rise above its idle size while answering one file. */
const maxGrowth = 64 * mib;
const maxMs = 1000;

/** The processes below `root` (from /proc), by pid. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length) {
    for (const child of children.get(queue.shift() ?? -1) ?? []) {
      queue.push(child);
      found.push(child);
    }
  }
  return found;
}

const statusKb = (pid: number, field: 'VmRSS' | 'VmHWM') =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) *
  1024;

/**
 * Every file of the hostile corpus (scripts/lib/hostile-images.ts) through POST /api/predict
 * on a stack of its own, measuring workerd itself: each answer the documented 4xx, each
 * within 1 s, and workerd's peak resident memory while answering (VmHWM, reset before each
 * file through /proc/PID/clear_refs) never more than 64 MB above its idle size.
 */
test.describe('images that lie about their size', () => {
  // One account posts every file: the per-account and per-IP predict allowances are raised.
  const ownStack = useOwnStack([
    'LIMIT_PREDICT_PER_USER:1000/1 m',
    'LIMIT_PREDICT_PER_IP_HOUR:1000/1 h',
    'LIMIT_PREDICT_PER_IP_DAY:1000/1 d',
  ]);

  test('every hostile file gets its documented 4xx within 1 s, workerd never 64 MB above idle', async ({
    playwright,
  }, testInfo) => {
    test.setTimeout(240_000);
    const request = await playwright.request.newContext({ baseURL: ownStack().url });
    const account = await newAccount(request);
    const login = await request.post('/api/auth/login', { data: { username: account.username, password } });
    expect(login.status()).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const post = (name: string, buffer: Buffer) =>
      request.post('/api/predict', {
        headers: { authorization: `Bearer ${accessToken}` },
        multipart: {
          file: {
            name,
            mimeType: name.endsWith('.gif')
              ? 'image/gif'
              : name.endsWith('.jpg')
                ? 'image/jpeg'
                : 'image/png',
            buffer,
          },
        },
        timeout: 60_000,
      });

    const workerd = descendants(process.pid).filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'workerd';
      } catch {
        return false;
      }
    });
    expect(workerd.length, 'the stack runs workerd').toBeGreaterThan(0);
    const rss = () => workerd.reduce((sum, pid) => sum + statusKb(pid, 'VmRSS'), 0);
    const peak = () => workerd.reduce((sum, pid) => sum + statusKb(pid, 'VmHWM'), 0);
    const resetPeak = () => workerd.forEach((pid) => writeFileSync(`/proc/${pid}/clear_refs`, '5'));

    // Warm up with ordinary traffic — a digit, and the corpus's valid pictures of every format —
    // so that the model, tfjs and each decoder's code are loaded before the idle size is read.
    const corpus = makeHostileImages();
    const warm = await post('digit.png', mnistPng(7, { darkOnLight: true }));
    expect(warm.status()).toBe(200);
    for (const image of corpus.filter((entry) => entry.code === 'no_ink' && !entry.name.includes('bomb')))
      expect((await post(image.name, Buffer.from(image.bytes))).status()).toBe(422);
    const idle = rss();

    const rows: string[] = [];
    let slowest = 0;
    let highest = 0;
    for (const image of corpus) {
      resetPeak();
      const started = performance.now();
      const response = await post(image.name, Buffer.from(image.bytes));
      const body = (await response.json().catch(() => ({}))) as { error?: { code?: string } };
      const ms = performance.now() - started;
      const growth = peak() - idle;
      slowest = Math.max(slowest, ms);
      highest = Math.max(highest, growth);
      rows.push(
        `${response.status()} ${String(body.error?.code).padEnd(18)} ${ms.toFixed(0).padStart(5)} ms ` +
          `${(growth / mib).toFixed(1).padStart(7)} MB  ${image.name}`,
      );
      expect
        .soft(`${response.status()} ${body.error?.code}`, image.name)
        .toBe(`${image.status} ${image.code}`);
      expect.soft(ms, `${image.name}: answered within 1 s`).toBeLessThan(maxMs);
      expect.soft(growth, `${image.name}: workerd's peak memory above idle`).toBeLessThanOrEqual(maxGrowth);
    }
    const summary = `${corpus.length} files; idle ${(idle / mib).toFixed(1)} MB; slowest ${slowest.toFixed(0)} ms; highest growth ${(highest / mib).toFixed(1)} MB`;
    console.log(`${rows.join('\n')}\n${summary}`);
    await testInfo.attach('hostile-images.txt', { body: `${rows.join('\n')}\n${summary}\n` });
    expect(corpus.length).toBeGreaterThanOrEqual(40);
    await request.dispose();
  });
});
