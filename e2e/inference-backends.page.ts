/**
 * The page of inference-backends.spec.ts (bundled by scripts/lib/browser-harness.ts): the
 * committed model fetched over HTTP into @cifra/inference, the same digits on every tfjs
 * backend this Chromium offers. The spec calls `globalThis.runBackends()`.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
// Registers itself only when navigator.gpu exists as the bundle loads.
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadPredictor } from '@cifra/inference';
import { fetchCommittedModel } from '../scripts/lib/fetch-model.ts';
import { probeWebGpu } from '../scripts/lib/webgpu-probe.ts';

/** One backend's outcome: its probabilities per digit, or why it did not run. */
export interface BackendRun {
  backend: string;
  ran: boolean;
  /** Why it did not run. */
  error?: string;
  probabilities?: number[][];
  /** The number head's chance that each input is one whole digit (`predictParts`). */
  wholeDigit?: number[];
  /** The WebGPU adapter, for the log. */
  adapter?: string;
}

/** Setting up a backend or answering may hang (WebGPU adapter requests): each has a deadline. */
const deadlineMs = 30_000;

function withDeadline<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} still pending after ${deadlineMs} ms`)), deadlineMs);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

async function runBackends(options: {
  wasmPath: string;
  digits: number[][];
  backends: string[];
}): Promise<BackendRun[]> {
  const predictor = await loadPredictor(await fetchCommittedModel('/model/'));
  const inputs = options.digits.map((digit) => Uint8Array.from(digit));
  // As the app's worker: wasm single-threaded, binaries from this server.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths(options.wasmPath);
  // Small tensors would otherwise be handed to the CPU: make the GPU backends do every op.
  tf.env().set('WEBGPU_CPU_HANDOFF_SIZE_THRESHOLD', 0);
  tf.env().set('WEBGL_CPU_FORWARD', false);

  const runs: BackendRun[] = [];
  // WebGPU last: if its set-up hangs past the deadline, the others have already run.
  for (const backend of options.backends) {
    const run: BackendRun = { backend, ran: false };
    runs.push(run);
    try {
      if (backend === 'webgpu') {
        const probe = await probeWebGpu(deadlineMs);
        run.adapter = `${probe.description}${probe.fallback ? ' (fallback adapter)' : ''}`;
        if (!probe.available) throw new Error(probe.description);
      }
      if (!(await withDeadline(tf.setBackend(backend), `setBackend('${backend}')`)))
        throw new Error(`tf.setBackend('${backend}') resolved false`);
      await tf.ready();
      if (tf.getBackend() !== backend) throw new Error(`active backend is ${tf.getBackend()}`);
      // predictParts: the model's answers and the number head's, from one run of the layers.
      const predictions = await withDeadline(predictor.predictParts(inputs), `predict on ${backend}`);
      run.probabilities = predictions.map((prediction) => prediction.probabilities);
      run.wholeDigit = predictions.map((prediction) => prediction.wholeDigit ?? NaN);
      run.ran = true;
    } catch (error) {
      run.error = error instanceof Error ? error.message : String(error);
    }
  }
  return runs;
}

Object.assign(globalThis, { runBackends });
