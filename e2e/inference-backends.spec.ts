import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { loadCommittedPredictor } from '@cifra/model';
import { startBrowserHarness, WASM_PATH, type Harness } from '../scripts/lib/browser-harness.ts';
import type { BackendRun } from './inference-backends.page.ts';
import { mnistImage } from './mnist.ts';

/**
 * The inference core on its own harness page (not the app): the committed model fetched over
 * HTTP into @cifra/inference, the same 32 MNIST test digits on every tfjs backend Chromium has,
 * checked against cpu and against the core in Node (tfjs wasm), the number head's answers too.
 * WebGPU runs on SwiftShader here: slow, but it must run and agree.
 */
const DIGITS = 32;
const TOLERANCE = 1e-5;
const BACKENDS = ['cpu', 'wasm', 'webgl', 'webgpu'];

function maxDifference(a: number[][], b: number[][]): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  a.forEach((row, digit) => {
    const other = b[digit] ?? [];
    if (row.length !== other.length) max = Infinity;
    row.forEach((value, index) => (max = Math.max(max, Math.abs(value - (other[index] ?? NaN)))));
  });
  return Number.isNaN(max) ? Infinity : max;
}

let harness: Harness | undefined;

test.afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

test('the core gives the same answers on cpu, wasm, webgl and webgpu, and as in Node', async ({ page }) => {
  test.setTimeout(120_000);
  const digits = Array.from({ length: DIGITS }, (_, index) => mnistImage(index).pixels);
  const nodeAnswers = await (await loadCommittedPredictor(undefined, 'wasm')).predictParts(digits);
  const node = nodeAnswers.map((prediction) => prediction.probabilities);
  const nodeWhole = nodeAnswers.map((prediction) => [prediction.wholeDigit ?? NaN]);

  harness = await startBrowserHarness({
    entry: resolve(import.meta.dirname, 'inference-backends.page.ts'),
    title: 'inference backends',
    files: { '/model/': resolve(import.meta.dirname, '../public/model') },
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(harness.url);
  await page.waitForFunction(() => 'runBackends' in globalThis);
  const runs = await page.evaluate(
    (options) =>
      (globalThis as unknown as { runBackends(o: typeof options): Promise<BackendRun[]> }).runBackends(
        options,
      ),
    { wasmPath: WASM_PATH, digits: digits.map((digit) => [...digit]), backends: BACKENDS },
  );
  expect(errors).toEqual([]);

  for (const run of runs) {
    test.info().annotations.push({
      type: run.backend,
      description: run.ran ? `ran${run.adapter ? ` on ${run.adapter}` : ''}` : `did not run: ${run.error}`,
    });
  }
  expect(
    runs.filter((run) => run.ran).map((run) => run.backend),
    runs.map((run) => `${run.backend}: ${run.ran ? 'ran' : run.error}`).join('; '),
  ).toEqual(BACKENDS);

  const cpu = runs.find((run) => run.backend === 'cpu')?.probabilities ?? [];
  expect(cpu).toHaveLength(DIGITS);
  const cpuWhole = (runs.find((run) => run.backend === 'cpu')?.wholeDigit ?? []).map((value) => [value]);
  for (const run of runs.filter((each) => each.ran)) {
    const probabilities = run.probabilities ?? [];
    expect(maxDifference(probabilities, cpu), `${run.backend} vs cpu in Chromium`).toBeLessThanOrEqual(
      TOLERANCE,
    );
    expect(
      maxDifference(probabilities, node),
      `${run.backend} vs the core in Node (wasm)`,
    ).toBeLessThanOrEqual(TOLERANCE);
    // The number head (issue #12) as well: the same chance of a whole digit everywhere.
    const whole = (run.wholeDigit ?? []).map((value) => [value]);
    expect(maxDifference(whole, cpuWhole), `${run.backend} number head vs cpu`).toBeLessThanOrEqual(
      TOLERANCE,
    );
    expect(maxDifference(whole, nodeWhole), `${run.backend} number head vs Node`).toBeLessThanOrEqual(
      TOLERANCE,
    );
  }
  // The answers are answers: the first 32 test digits are ones this model gets right.
  const labels = Array.from({ length: DIGITS }, (_, index) => mnistImage(index).label);
  const digitsOf = (rows: number[][]) => rows.map((row) => row.indexOf(Math.max(...row)));
  expect(digitsOf(cpu)).toEqual(labels);
});
