import * as tf from '@tensorflow/tfjs-core';
// The first backend is part of this worker's first chunk: every device uses it first, and a
// separate chunk would cost another round trip before the .wasm could even be requested.
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// URLs only: the .wasm files are fetched when the WASM backend starts, and only the one it runs.
import plainWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { AdapterInfo, BackendChoice, BackendName } from '../shared/inference-protocol.ts';
import { WorkerFailure } from './worker-error.ts';

/** Backend set-up and requestAdapter() can hang on some drivers: every attempt has a deadline. */
const setupTimeoutMs = 20_000;

function timeout(ms: number, what: string): Promise<never> {
  return new Promise((_, reject) =>
    setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms),
  );
}

/**
 * WASM comes with this chunk; every other backend's code is its own chunk, fetched the first
 * time that backend is used.
 */
const loaders: Record<BackendName, () => Promise<unknown>> = {
  async wasm() {
    // One thread: tfjs would use hardwareConcurrency / 2 threads, i.e. one on a 2-core phone,
    // and threads need blob: workers the CSP refuses; measured in BENCHMARKS.md. So the threaded
    // build is never fetched (nor precached).
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    // The .wasm files are bundled by Vite: no CDN. setWasmPaths wants all three names.
    setWasmPaths({
      'tfjs-backend-wasm.wasm': plainWasm,
      'tfjs-backend-wasm-simd.wasm': simdWasm,
      'tfjs-backend-wasm-threaded-simd.wasm': threadedSimdWasm,
    });
  },
  webgl: () => import('@tensorflow/tfjs-backend-webgl'),
  // Registers itself only when navigator.gpu exists as this chunk loads.
  webgpu: () => import('@tensorflow/tfjs-backend-webgpu'),
  cpu: () => import('@tensorflow/tfjs-backend-cpu'),
};

const loaded = new Map<BackendName, Promise<unknown>>();

function loadBackendCode(backend: BackendName): Promise<unknown> {
  let code = loaded.get(backend);
  if (!code) {
    code = loaders[backend]();
    loaded.set(backend, code);
  }
  return code;
}

let adapter: Promise<AdapterInfo | null> | undefined;

/** The WebGPU adapter's description, or null when there is none. */
export function webgpuAdapter(): Promise<AdapterInfo | null> {
  adapter ??= (async () => {
    const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
    if (!gpu) return null;
    const found = await Promise.race([gpu.requestAdapter(), timeout(setupTimeoutMs, 'requestAdapter')]).catch(
      () => null,
    );
    if (!found) return null;
    const info = found.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
    return {
      vendor: info.vendor,
      architecture: info.architecture,
      isFallbackAdapter:
        info.isFallbackAdapter ??
        (found as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter ??
        false,
    };
  })();
  return adapter;
}

const failed = new Map<BackendName, string>();

/** Makes `backend` tfjs's active backend; resolves false (and remembers why) when it cannot. */
export async function switchToBackend(backend: BackendName): Promise<boolean> {
  if (tf.getBackend() === backend) return true;
  if (failed.has(backend)) return false;
  try {
    if (backend === 'webgpu' && !(await webgpuAdapter())) throw new Error('no WebGPU adapter on this device');
    await loadBackendCode(backend);
    const ready = await Promise.race([
      tf.setBackend(backend),
      timeout(setupTimeoutMs, `setBackend('${backend}')`),
    ]);
    // setBackend resolves false (with only a console warning) when initialisation fails.
    if (!ready) throw new Error(`tfjs could not initialise ${backend}`);
    await tf.ready();
    return true;
  } catch (error) {
    failed.set(backend, error instanceof Error ? error.message : String(error));
    return false;
  }
}

export function whyUnavailable(backend: BackendName): string | undefined {
  return failed.get(backend);
}

/** Order tried when the wanted backend is unavailable. */
const fallbackOrder: BackendName[] = ['wasm', 'webgl', 'cpu'];

/**
 * Activates the wanted backend, or the first that works after it; says so when it had to fall
 * back.
 */
export async function activate(
  wanted: BackendName,
): Promise<{ backend: BackendName; fellBackFrom?: BackendName }> {
  if (await switchToBackend(wanted)) return { backend: wanted };
  for (const candidate of fallbackOrder) {
    if (candidate !== wanted && (await switchToBackend(candidate))) {
      return { backend: candidate, fellBackFrom: wanted };
    }
  }
  throw new WorkerFailure('no_backend', 'No TensorFlow.js backend works in this browser.');
}

export function activeBackend(): BackendName | null {
  const name = tf.getBackend();
  return name === 'webgpu' || name === 'webgl' || name === 'wasm' || name === 'cpu' ? name : null;
}

export type { BackendChoice };
