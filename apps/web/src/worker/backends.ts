import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
// Registers itself only when navigator.gpu exists as this bundle loads.
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { AdapterInfo, BackendChoice, BackendName } from '../shared/inference-protocol.ts';

// WASM threads would start pthread workers from blob: scripts, which the CSP (script-src
// 'self') refuses; batch-1 inference gains little from threads, so keep single-threaded SIMD.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

// The .wasm files are bundled by Vite (and precached by the service worker): no CDN.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
});

/** Backend set-up and requestAdapter() can hang on some drivers: every attempt has a deadline. */
const setupTimeoutMs = 20_000;

function timeout(ms: number, what: string): Promise<never> {
  return new Promise((_, reject) =>
    setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms),
  );
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
export async function activate(wanted: BackendName): Promise<{ backend: BackendName; note?: string }> {
  if (await switchToBackend(wanted)) return { backend: wanted };
  for (const candidate of fallbackOrder) {
    if (candidate !== wanted && (await switchToBackend(candidate))) {
      return {
        backend: candidate,
        note: `${wanted} is unavailable here (${whyUnavailable(wanted)}); used ${candidate}.`,
      };
    }
  }
  throw new Error('No TensorFlow.js backend works in this browser.');
}

export function activeBackend(): BackendName | null {
  const name = tf.getBackend();
  return name === 'webgpu' || name === 'webgl' || name === 'wasm' || name === 'cpu' ? name : null;
}

export type { BackendChoice };
