import { loadPredictor, type Predictor } from '@cifra/inference';
import { cifraDb, DatabaseHeldUpError } from '../shared/db.ts';
import type { BackendName, BackendTiming, Calibration } from '../shared/inference-protocol.ts';
import { switchToBackend, webgpuAdapter, whyUnavailable } from './backends.ts';

const candidates: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
/** Warm-up runs (shader compilation, first uploads) before timing. */
const warmups = 2;
const runs = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function time(predictor: Predictor, batch: number): Promise<number> {
  const inputs = Array.from({ length: batch }, (_, index) => {
    const pixels = new Uint8Array(784);
    for (let i = 0; i < 784; i++) pixels[i] = (i * 31 + index * 17) % 256;
    return pixels;
  });
  for (let i = 0; i < warmups; i++) await predictor.predict(inputs);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await predictor.predict(inputs);
    samples.push(performance.now() - started);
  }
  return median(samples);
}

/** The calibration remembered for this device and model version, if any. */
export async function rememberedCalibration(modelVersion: string): Promise<Calibration | undefined> {
  return unlessHeldUp(async () => (await cifraDb()).get('calibration', modelVersion));
}

/**
 * Runs a storage step; while a tab of an older version holds the database's upgrade up, skips it
 * (no calibration is read or kept then: the device is measured again later).
 */
async function unlessHeldUp<T>(step: () => Promise<T>): Promise<T | undefined> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof DatabaseHeldUpError) return undefined;
    throw error;
  }
}

/**
 * Times each available backend at batch 1 and batch 16 (warm medians) and picks the fastest
 * for each; a software WebGPU adapter (SwiftShader) is reported but never picked, nor timed —
 * it is ~100x slower and would hold the CPU for seconds. Runs in the calibration worker, never
 * in the worker that answers the user.
 */
export async function calibrate(predictor: Predictor): Promise<Calibration> {
  const timings: BackendTiming[] = [];
  for (const backend of candidates) {
    const adapter = backend === 'webgpu' ? await webgpuAdapter() : undefined;
    if (adapter?.isFallbackAdapter) {
      timings.push({
        backend,
        available: true,
        adapter,
        reason: 'software_adapter',
      });
      continue;
    }
    if (!(await switchToBackend(backend))) {
      timings.push({ backend, available: false, reason: 'unavailable', note: whyUnavailable(backend) ?? '' });
      continue;
    }
    try {
      const batch1Ms = await time(predictor, 1);
      const batch16Ms = await time(predictor, 16);
      timings.push({ backend, available: true, batch1Ms, batch16Ms, ...(adapter ? { adapter } : {}) });
    } catch (error) {
      timings.push({
        backend,
        available: false,
        reason: 'failed',
        note: error instanceof Error ? error.message : String(error),
      });
    }
  }
  predictor.dispose();
  const timed = timings.filter((timing) => timing.batch1Ms !== undefined && timing.batch16Ms !== undefined);
  const fastest = (key: 'batch1Ms' | 'batch16Ms') =>
    timed.reduce<BackendTiming | undefined>(
      (best, timing) => (!best || (timing[key] ?? Infinity) < (best[key] ?? Infinity) ? timing : best),
      undefined,
    )?.backend ?? 'wasm';
  const calibration: Calibration = {
    modelVersion: predictor.version,
    measuredAt: new Date().toISOString(),
    timings,
    best: { batch1: fastest('batch1Ms'), batch16: fastest('batch16Ms') },
  };
  await unlessHeldUp(async () => (await cifraDb()).put('calibration', calibration, predictor.version));
  return calibration;
}

export async function forgetCalibrations(): Promise<void> {
  await unlessHeldUp(async () => (await cifraDb()).clear('calibration'));
}

/** What the inference worker sends the calibration worker, and what comes back. */
export interface CalibrationRequest {
  manifest: Predictor['manifest'];
  files: Map<string, ArrayBuffer>;
}
export type CalibrationReply = { ok: true; calibration: Calibration } | { ok: false; message: string };

/** The name that makes an inference-worker script act as the calibration worker. */
export const calibrationWorkerName = 'calibration';

/**
 * Measures in a worker of its own, so the worker that answers the user never waits behind a
 * timing run (a drawing made right after "model ready" used to wait 3.5–4.1 s). That worker
 * runs this very script (same chunks, nothing downloaded twice) under another name, and ends
 * once it has answered.
 */
export function calibrateInBackground(request: CalibrationRequest): Promise<Calibration> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(self.location.href, { type: 'module', name: calibrationWorkerName });
    const finish = () => worker.terminate();
    worker.onmessage = (event: MessageEvent<CalibrationReply>) => {
      finish();
      if (event.data.ok) resolve(event.data.calibration);
      else reject(new Error(event.data.message));
    };
    worker.onerror = (event) => {
      finish();
      reject(new Error(event.message || 'The calibration worker failed to start.'));
    };
    worker.postMessage(request);
  });
}

/** The calibration worker's whole life: one request with the verified files, one reply. */
export function serveCalibration(scope: DedicatedWorkerGlobalScope): void {
  scope.onmessage = async (event: MessageEvent<CalibrationRequest>) => {
    let reply: CalibrationReply;
    try {
      reply = { ok: true, calibration: await calibrate(await loadPredictor(event.data)) };
    } catch (error) {
      reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    scope.postMessage(reply);
  };
}
