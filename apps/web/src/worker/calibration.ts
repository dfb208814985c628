import { cifraDb } from '../shared/db.ts';
import type { BackendName, BackendTiming, Calibration } from '../shared/inference-protocol.ts';
import { activeBackend, switchToBackend, webgpuAdapter, whyUnavailable } from './backends.ts';
import type { ModelRunner } from './model-runner.ts';

const candidates: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
/** Warm-up runs (shader compilation, first uploads) before timing. */
const warmups = 2;
const runs = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function time(runner: ModelRunner, backend: BackendName, batch: number): Promise<number> {
  const inputs = Array.from({ length: batch }, (_, index) => {
    const pixels = new Uint8Array(784);
    for (let i = 0; i < 784; i++) pixels[i] = (i * 31 + index * 17) % 256;
    return pixels;
  });
  for (let i = 0; i < warmups; i++) await runner.predict(backend, inputs);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await runner.predict(backend, inputs);
    samples.push(performance.now() - started);
  }
  return median(samples);
}

/** The calibration remembered for this device and model version, if any. */
export async function rememberedCalibration(modelVersion: string): Promise<Calibration | undefined> {
  return (await cifraDb()).get('calibration', modelVersion);
}

/**
 * Times each available backend at batch 1 and batch 16 (warm medians) and picks the fastest
 * for each; a software WebGPU adapter (SwiftShader) is reported but never picked, nor timed —
 * it is ~100x slower and would hold the CPU for seconds.
 */
export async function calibrate(runner: ModelRunner): Promise<Calibration> {
  const before = activeBackend();
  const timings: BackendTiming[] = [];
  for (const backend of candidates) {
    const adapter = backend === 'webgpu' ? await webgpuAdapter() : undefined;
    if (adapter?.isFallbackAdapter) {
      timings.push({
        backend,
        available: true,
        adapter,
        note: 'software adapter: never picked automatically',
      });
      continue;
    }
    if (!(await switchToBackend(backend))) {
      timings.push({ backend, available: false, note: whyUnavailable(backend) ?? 'unavailable' });
      continue;
    }
    try {
      const batch1Ms = await time(runner, backend, 1);
      const batch16Ms = await time(runner, backend, 16);
      timings.push({ backend, available: true, batch1Ms, batch16Ms, ...(adapter ? { adapter } : {}) });
    } catch (error) {
      timings.push({
        backend,
        available: false,
        note: error instanceof Error ? error.message : String(error),
      });
    }
  }
  if (before) await switchToBackend(before);
  const timed = timings.filter((timing) => timing.batch1Ms !== undefined && timing.batch16Ms !== undefined);
  const fastest = (key: 'batch1Ms' | 'batch16Ms') =>
    timed.reduce<BackendTiming | undefined>(
      (best, timing) => (!best || (timing[key] ?? Infinity) < (best[key] ?? Infinity) ? timing : best),
      undefined,
    )?.backend ?? 'wasm';
  const calibration: Calibration = {
    modelVersion: runner.version,
    measuredAt: new Date().toISOString(),
    timings,
    best: { batch1: fastest('batch1Ms'), batch16: fastest('batch16Ms') },
  };
  await (await cifraDb()).put('calibration', calibration, runner.version);
  return calibration;
}

export async function forgetCalibrations(): Promise<void> {
  await (await cifraDb()).clear('calibration');
}
