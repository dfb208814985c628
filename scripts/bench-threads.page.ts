/**
 * bench:peer's threads page (bundled by scripts/lib/browser-harness.ts): the Cifra core on tfjs
 * wasm, either single-threaded (`WASM_HAS_MULTITHREAD_SUPPORT` false: the SIMD build) or
 * threaded (the threaded-SIMD build, `setThreadsCount(threads)`). The wasm backend starts once
 * per page, so bench-peer.ts opens one tab per configuration and alternates timing rounds
 * between them: `threadsInit()` once, then `threadsTime()` per round.
 *
 * tfjs-backend-wasm 4.22 caps XNNPACK's pool at `navigator.hardwareConcurrency / 2` (read once,
 * when the module starts: it assumes two hyperthreads per core), whatever `setThreadsCount` asks
 * for; bench-peer.ts overrides `hardwareConcurrency` in a tab that is to get more threads.
 */
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadPredictor, type Predictor } from '@cifra/inference';
import { fetchCommittedModel } from './lib/fetch-model.ts';
import { PIXELS } from './lib/peer-timing.ts';

export interface ThreadsOptions {
  /** Where the harness serves the wasm binaries (its WASM_PATH). */
  wasmPath: string;
  threaded: boolean;
  /** For `setThreadsCount` when threaded; `navigator.hardwareConcurrency` if not given. */
  threads?: number;
}

/** What actually started, to check that "threaded" really is. */
export interface ThreadsInfo {
  crossOriginIsolated: boolean;
  /** As the page sees it (bench-peer.ts may override it). */
  hardwareConcurrency: number;
  /** What `setThreadsCount` was given; 0: not called (single-threaded). */
  requestedThreads: number;
  /** XNNPACK's thread pool size as tfjs reports it after start (`getThreadsCount()`). */
  threadsCount: number;
  /** Emscripten pthread workers running (the pool's threads besides the main one); -1: unknown. */
  pthreads: number;
  /** The tfjs wasm binaries the page fetched. */
  binaries: string[];
  visibility: string;
}

interface BrowserGlobals {
  crossOriginIsolated?: boolean;
  navigator?: { hardwareConcurrency?: number };
  document?: { visibilityState?: string };
}

let state: { predictor: Predictor; digits: Uint8Array[] } | undefined;

async function threadsInit({ wasmPath, threaded, threads }: ThreadsOptions): Promise<ThreadsInfo> {
  const browser = globalThis as BrowserGlobals;
  const hardwareConcurrency = browser.navigator?.hardwareConcurrency ?? 1;
  const [model, digitResponse] = await Promise.all([fetchCommittedModel('/model/'), fetch('/digits.bin')]);
  if (!digitResponse.ok) throw new Error(`GET /digits.bin: ${digitResponse.status}`);
  const digitBytes = new Uint8Array(await digitResponse.arrayBuffer());
  const digits = Array.from({ length: digitBytes.length / PIXELS }, (_, index) =>
    digitBytes.subarray(index * PIXELS, (index + 1) * PIXELS),
  );
  state = { predictor: await loadPredictor(model), digits };

  // Left alone, tfjs picks the threaded build on a cross-origin isolated page.
  const requestedThreads = threaded ? (threads ?? hardwareConcurrency) : 0;
  if (!threaded) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  else setThreadsCount(requestedThreads);
  setWasmPaths(wasmPath);
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs wasm backend failed to start');
  await tf.ready();
  // One call starts XNNPACK (and its threads) before anyone looks.
  await state.predictor.predict(digits.slice(0, 1));

  const wasm = (tf.backend() as { wasm?: { PThread?: { runningWorkers?: unknown[] } } }).wasm;
  return {
    crossOriginIsolated: browser.crossOriginIsolated === true,
    hardwareConcurrency,
    requestedThreads,
    threadsCount: getThreadsCount(),
    pthreads: wasm?.PThread?.runningWorkers?.length ?? (wasm?.PThread ? -1 : 0),
    binaries: performance
      .getEntriesByType('resource')
      .map((entry) => entry.name.slice(entry.name.lastIndexOf('/') + 1))
      .filter((name) => name.startsWith('tfjs-backend-wasm') && name.endsWith('.wasm')),
    visibility: browser.document?.visibilityState ?? '?',
  };
}

function ready(): NonNullable<typeof state> {
  if (!state) throw new Error('threadsInit() first');
  return state;
}

/** `calls` predictions on the first `batch` digits: each call's ms. */
async function threadsTime({ batch, calls }: { batch: number; calls: number }): Promise<number[]> {
  const { predictor, digits } = ready();
  const inputs = digits.slice(0, batch);
  if (inputs.length !== batch) throw new Error(`need ${batch} digits, have ${digits.length}`);
  const times: number[] = [];
  for (let call = 0; call < calls; call++) {
    const start = performance.now();
    await predictor.predict(inputs);
    times.push(performance.now() - start);
  }
  return times;
}

/** Probabilities for every digit (ten per digit, in batches of 256), to compare the two builds. */
async function threadsProbabilities(): Promise<number[]> {
  const { predictor, digits } = ready();
  const out: number[] = [];
  for (let start = 0; start < digits.length; start += 256) {
    for (const prediction of await predictor.predict(digits.slice(start, start + 256)))
      out.push(...prediction.probabilities);
  }
  return out;
}

Object.assign(globalThis, { threadsInit, threadsTime, threadsProbabilities });
