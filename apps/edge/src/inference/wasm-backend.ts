/**
 * tfjs's WASM backend inside workerd. Workers may not compile WebAssembly from bytes at run
 * time, but wrangler bundles an imported `.wasm` file as a compiled `WebAssembly.Module`. So:
 * tfjs is pointed at a placeholder URL with its own (platform) fetch, that fetch answers the
 * placeholder with no bytes, and while the backend initialises, `WebAssembly.instantiate`
 * instantiates the bundled module instead of the bytes it is given. Both patches are undone
 * as soon as the backend is up.
 */
import * as tf from '@tensorflow/tfjs-core';
import simdModule from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm';

/** Emscripten takes its Node path under nodejs_compat and reads `__dirname` as it loads. */
const globals = globalThis as { __dirname?: string };
globals.__dirname ??= '/';

const placeholder = 'https://tfjs-wasm.invalid/';

let ready: Promise<boolean> | undefined;

async function initialise(): Promise<boolean> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // SIMD is what was bundled; threads need workers, which a Worker has not.
  tf.env().set('WASM_HAS_SIMD_SUPPORT', true);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  wasm.setWasmPaths(placeholder, true);
  const platform = tf.env().platform;
  const platformFetch = platform.fetch;
  const instantiate = WebAssembly.instantiate;
  platform.fetch = (path: string, init?: RequestInit) =>
    path.startsWith(placeholder)
      ? Promise.resolve(new Response(new Uint8Array(0)))
      : platformFetch.call(platform, path, init);
  WebAssembly.instantiate = (async (_source: unknown, imports?: WebAssembly.Imports) => ({
    instance: await instantiate(simdModule, imports),
    module: simdModule,
  })) as unknown as typeof WebAssembly.instantiate;
  try {
    return await tf.setBackend('wasm');
  } finally {
    platform.fetch = platformFetch;
    WebAssembly.instantiate = instantiate;
  }
}

/** Makes tfjs's WASM backend the active one; resolves false when it cannot start here. */
export function useWasmBackend(): Promise<boolean> {
  ready ??= initialise().catch(() => false);
  return ready.then(async (ok) => ok && (tf.getBackend() === 'wasm' || (await tf.setBackend('wasm'))));
}
