/**
 * `npm run bench:web`: the in-browser backend timings the app's own calibration measures
 * (warm medians at batch 1 and 16, per backend), in Debian Chromium with WebGPU enabled, over
 * several fresh browser profiles; prints the median of each across runs.
 */
import { cpus } from 'node:os';
import { chromium } from '@playwright/test';
import { freePort } from '@cifra/upstash-local';
import { chromiumLaunchOptions } from '../e2e/chromium.ts';
import { startStack } from './lib/stack.ts';

const runs = Number(process.argv[2] ?? 3);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

const stack = await startStack({
  port: await freePort(),
  vars: ['LIMIT_REGISTER_PER_IP:1000/1 m'],
  log: () => {},
});
const browser = await chromium.launch(chromiumLaunchOptions);
const table = new Map<string, { batch1: number[]; batch16: number[]; note: string }>();
try {
  for (let run = 0; run < runs; run++) {
    const page = await browser.newPage({ baseURL: stack.url });
    const account = { username: `bench-${Date.now()}-${run}`, password: 'a long benchmark passphrase' };
    // Registering through the page's request context sets the refresh cookie: the app opens signed in.
    await page.request.post('/api/auth/register', { data: account });
    await page.goto('/');
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByTestId('calibration').waitFor({ timeout: 120_000 });
    const rows = await page
      .getByTestId('calibration')
      .locator('tbody tr')
      .evaluateAll((elements) =>
        elements.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '')),
      );
    for (const [backend = '', batch1 = '', batch16 = '', note = ''] of rows) {
      const entry = table.get(backend) ?? { batch1: [] as number[], batch16: [] as number[], note };
      if (batch1 !== '—') entry.batch1.push(Number(batch1));
      if (batch16 !== '—') entry.batch16.push(Number(batch16));
      entry.note = note;
      table.set(backend, entry);
    }
    await page.close();
  }
  console.log(
    `In-browser inference, Chromium ${browser.version()}, ${cpus()[0]?.model ?? 'cpu'} x${cpus().length}, ${runs} runs (median of the runs' warm medians, ms)`,
  );
  console.log('backend  batch 1   batch 16  note');
  for (const [backend, entry] of table) {
    const format = (values: number[]) => (values.length ? median(values).toFixed(2) : '—').padEnd(9);
    console.log(`${backend.padEnd(8)} ${format(entry.batch1)} ${format(entry.batch16)} ${entry.note}`);
  }
} finally {
  await browser.close();
  await stack.stop();
}
