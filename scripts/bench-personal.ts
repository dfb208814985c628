/**
 * `npm run bench:personal [runs]`: how long teaching takes in the app, per backend. One writer's
 * samples (5 of each digit, packages/model's writer set) are put in a fresh user's IndexedDB, the
 * backend is chosen in Settings, and "Learn my handwriting" is pressed in Debian Chromium (WebGPU
 * on SwiftShader here); the time is the worker's own (`trainMs`), median over the runs.
 */
import { cpus } from 'node:os';
import { chromium, type Page } from '@playwright/test';
import { writerSet } from '@cifra/model';
import { freePort } from '@cifra/upstash-local';
import { chromiumLaunchOptions } from '../e2e/chromium.ts';
import { startStack } from './lib/stack.ts';

const runs = Number(process.argv[2] ?? 3);
const backends = ['wasm', 'webgl', 'webgpu', 'cpu'] as const;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const { teach } = writerSet({ teachPerDigit: 5, evalPerDigit: 0 });
const samples = teach.map((sample) => ({ digit: sample.digit, pixels: Array.from(sample.input) }));

/** Puts the samples in the signed-in user's IndexedDB, as "Add sample" would. The page's code
 * is a string: this script is typechecked for Node, without the DOM's types. */
async function storeSamples(page: Page): Promise<void> {
  await page.evaluate(`(async (rows) => {
    const user = JSON.parse(localStorage.getItem('cifra:last-user') ?? 'null');
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('cifra');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction('samples', 'readwrite');
    rows.forEach((row, i) =>
      tx.objectStore('samples').put({
        userId: user.id,
        id: 'bench-' + i,
        digit: row.digit,
        pixels: Uint8Array.from(row.pixels),
        from: 'teach',
        createdAt: i,
      }),
    );
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  })(${JSON.stringify(samples)})`);
}

const stack = await startStack({
  port: await freePort(),
  vars: ['LIMIT_REGISTER_PER_IP:1000/1 m'],
  log: () => {},
});
const browser = await chromium.launch(chromiumLaunchOptions);
const times = new Map<string, { ms: number[]; used: Set<string>; refused: number }>();
try {
  for (let run = 0; run < runs; run++) {
    for (const backend of backends) {
      const page = await browser.newPage({ baseURL: stack.url });
      const account = { username: `bench-${Date.now()}-${run}`, password: 'a long benchmark passphrase' };
      await page.request.post('/api/auth/register', { data: account });
      await page.goto('/');
      await page
        .getByTestId('model-status')
        .and(page.locator('[data-state="ready"]'))
        .waitFor({ timeout: 120_000 });
      await storeSamples(page);
      await page.getByRole('button', { name: 'Settings' }).click();
      await page.getByTestId('backend-select').selectOption(backend);
      await page.getByRole('button', { name: 'Your handwriting' }).click();
      await page.getByTestId('learn').click();
      const status = page.getByTestId('teach-status');
      await status.and(page.locator('[data-train-ms]')).waitFor({ timeout: 300_000 });
      const entry = times.get(backend) ?? { ms: [], used: new Set<string>(), refused: 0 };
      entry.ms.push(Number(await status.getAttribute('data-train-ms')));
      entry.used.add((await status.getAttribute('data-backend')) ?? '?');
      if ((await status.getAttribute('data-accepted')) !== 'true') entry.refused++;
      times.set(backend, entry);
      await page.close();
    }
  }
  console.log(
    `Teaching in the app (${samples.length} samples, one writer), Chromium ${browser.version()}, ${cpus()[0]?.model ?? 'cpu'} x${cpus().length}, ${runs} runs (median trainMs)`,
  );
  console.log('asked    ran on   train ms  refused');
  for (const [backend, entry] of times)
    console.log(
      `${backend.padEnd(8)} ${[...entry.used].join('/').padEnd(8)} ${median(entry.ms).toFixed(0).padEnd(9)} ${entry.refused}`,
    );
} finally {
  await browser.close();
  await stack.stop();
}
