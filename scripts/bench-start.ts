/**
 * `npm run bench:start`: how long a person waits, in Debian Chromium driven by Playwright,
 * against the local stack — without and with throttling (Chrome's slow-4G-like profile: 150 ms
 * RTT, 1.6 Mbps down, 750 kbps up, 4x CPU slowdown through CDP). For each: time to the drawing
 * pad, to "model ready", and from the end of the first stroke to its digit; cold (fresh
 * profile: nothing cached, no service worker) and warm (a reload of the same profile). Medians
 * over several runs; times are taken inside the page (performance.now(), from navigation start).
 */
import { cpus, loadavg } from 'node:os';
import { chromium, type Page } from '@playwright/test';
import { freePort } from '@cifra/upstash-local';
import { chromiumLaunchOptions } from '../e2e/chromium.ts';
import { drawWithMouse } from '../e2e/fixtures.ts';
import { pageMarksScript, readPageMarks } from '../e2e/timing.ts';
import { startStack } from './lib/stack.ts';

const runs = Number(process.argv[2] ?? 3);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

const throttled = {
  network: { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 93_750 },
  cpuRate: 4,
};

interface Sample {
  padMs: number;
  readyMs: number;
  strokeToDigitMs: number;
}

async function measure(page: Page, url: string): Promise<Sample> {
  await page.goto(url);
  await page
    .getByTestId('model-status')
    .and(page.locator('[data-state="ready"]'))
    .waitFor({ timeout: 120_000 });
  await drawWithMouse(page, 7);
  await page.getByTestId('prediction-digit').waitFor({ timeout: 60_000 });
  const { pad = NaN, ready = NaN, strokeEnd = NaN, digit = NaN } = await readPageMarks(page);
  return { padMs: pad, readyMs: ready, strokeToDigitMs: digit - strokeEnd };
}

const stack = await startStack({
  port: await freePort(),
  vars: ['LIMIT_REGISTER_PER_IP:1000/1 m'],
  log: () => {},
});
const browser = await chromium.launch(chromiumLaunchOptions);
const results = new Map<string, Sample[]>();
try {
  for (let run = 0; run < runs; run++) {
    for (const profile of ['none', 'slow 4G + 4x CPU'] as const) {
      const context = await browser.newContext({ baseURL: stack.url });
      await context.addInitScript({ content: pageMarksScript });
      const page = await context.newPage();
      // Registering through the context's request sets the refresh cookie: the app opens signed in.
      const account = { username: `start-${Date.now()}-${run}`, password: 'a long benchmark passphrase' };
      await page.request.post('/api/auth/register', { data: account });
      if (profile !== 'none') {
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', throttled.network);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttled.cpuRate });
      }
      for (const start of ['cold', 'warm'] as const) {
        const key = `${profile}|${start}`;
        const sample = await measure(page, '/');
        results.set(key, [...(results.get(key) ?? []), sample]);
      }
      await context.close();
    }
  }
  console.log(
    `Start-up in Chromium ${browser.version()} (headless), ${cpus()[0]?.model ?? 'cpu'} x${cpus().length}, load ${loadavg()[0]?.toFixed(2)}, ${runs} runs, medians in ms from navigation start`,
  );
  console.log('throttling          start  pad    model ready  stroke end → digit');
  for (const [key, samples] of results) {
    const [profile = '', start = ''] = key.split('|');
    const m = (pick: (s: Sample) => number) => median(samples.map(pick)).toFixed(0);
    console.log(
      `${profile.padEnd(19)} ${start.padEnd(6)} ${m((s) => s.padMs).padEnd(6)} ${m((s) => s.readyMs).padEnd(12)} ${m((s) => s.strokeToDigitMs)}`,
    );
  }
  const throttledCold = results.get('slow 4G + 4x CPU|cold') ?? [];
  const throttledWarm = results.get('slow 4G + 4x CPU|warm') ?? [];
  const budget = (label: string, value: number, limit: number) =>
    console.log(
      `budget ${label}: ${value.toFixed(0)} ms ≤ ${limit} ms — ${value <= limit ? 'met' : 'NOT met'}`,
    );
  budget('throttled pad (cold)', median(throttledCold.map((s) => s.padMs)), 1500);
  budget('throttled model ready (cold)', median(throttledCold.map((s) => s.readyMs)), 3000);
  budget('throttled model ready (warm)', median(throttledWarm.map((s) => s.readyMs)), 600);
  budget(
    'first digit after the stroke (unthrottled, cold)',
    median((results.get('none|cold') ?? []).map((s) => s.strokeToDigitMs)),
    150,
  );
} finally {
  await browser.close();
  await stack.stop();
}
