/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs-core';
// Registers itself only when navigator.gpu exists as this bundle loads.
import '@tensorflow/tfjs-backend-webgpu';
import type {
  AdapterInfo,
  BackendName,
  ProbeResult,
  WorkerRequest,
  WorkerResponse,
} from '../shared/inference-protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

/** Rejects after `ms`: requestAdapter() and backend set-up can hang on some drivers. */
function timeout(ms: number, what: string): Promise<never> {
  return new Promise((_, reject) =>
    setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms),
  );
}

async function adapterInfo(): Promise<AdapterInfo | undefined> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  const adapter = await gpu?.requestAdapter();
  if (!adapter) return undefined;
  const info = adapter.info;
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    isFallbackAdapter: (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false,
  };
}

/**
 * Switches tfjs to the backend and proves it computes: a 64x64 matmul (big enough to leave
 * the CPU hand-off threshold) checked against the known answer.
 */
async function probe(backend: BackendName, timeoutMs: number): Promise<ProbeResult> {
  const started = performance.now();
  try {
    const adapter =
      backend === 'webgpu'
        ? await Promise.race([adapterInfo(), timeout(timeoutMs, 'requestAdapter')])
        : undefined;
    if (backend === 'webgpu' && !adapter) throw new Error('No WebGPU adapter on this device');
    const ready = await Promise.race([
      tf.setBackend(backend),
      timeout(timeoutMs, `setBackend('${backend}')`),
    ]);
    if (!ready) throw new Error(`tfjs could not initialise the ${backend} backend`);
    const n = 64;
    const ones = tf.ones([n, n]);
    const product = tf.matMul(ones, ones);
    const values = await product.data();
    tf.dispose([ones, product]);
    if (values.length !== n * n || values.some((value) => value !== n)) throw new Error('Wrong result');
    return { backend, ok: true, ms: performance.now() - started, ...(adapter ? { adapter } : {}) };
  } catch (error) {
    return {
      backend,
      ok: false,
      ms: performance.now() - started,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  const result = await probe(request.backend, request.timeoutMs);
  const response: WorkerResponse = { id: request.id, type: 'probe', result };
  self.postMessage(response);
};
