/**
 * bench:peer's Chromium page (bundled by scripts/lib/browser-harness.ts): the Cifra core on
 * tfjs wasm (single-threaded) and onnxruntime-web on wasm (one thread), side by side on the
 * same digits; both again on WebGPU when the adapter is a real GPU. bench-peer.ts calls
 * `globalThis.benchPeer()` and prints the result.
 */
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// Registers the webgpu backend only when navigator.gpu exists at load time.
import '@tensorflow/tfjs-backend-webgpu';
import * as ort from 'onnxruntime-web';
import { loadPredictor } from '@cifra/inference';
import { fetchCommittedModel } from './lib/fetch-model.ts';
import {
  BATCHES,
  coreEngine,
  defaultPlans,
  maxDifference,
  ortEngine,
  PIXELS,
  timeSideBySide,
  type SideBySide,
} from './lib/peer-timing.ts';
import { probeWebGpu } from './lib/webgpu-probe.ts';

export interface PeerRun {
  /** Max |Δp| between the two on the timing digits. */
  agreement: number;
  rows: SideBySide[];
}

export interface PagePeerResult {
  crossOriginIsolated: boolean;
  wasm: PeerRun;
  webgpu: PeerRun | { skipped: string };
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** `wasmPath`: where the harness serves the wasm binaries (its WASM_PATH). */
async function benchPeer({ wasmPath }: { wasmPath: string }): Promise<PagePeerResult> {
  const [model, onnxBytes, digitBytes] = await Promise.all([
    fetchCommittedModel('/model/'),
    fetchBytes('/peer.onnx'),
    fetchBytes('/digits.bin'),
  ]);
  const digits = Array.from({ length: digitBytes.length / PIXELS }, (_, index) =>
    digitBytes.subarray(index * PIXELS, (index + 1) * PIXELS),
  );
  const predictor = await loadPredictor(model);

  // One thread on both sides: tfjs would otherwise pick its threaded build (the page is
  // cross-origin isolated) and ORT defaults to half the cores.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths(wasmPath);
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs wasm backend failed to start');
  await tf.ready();
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  ort.env.wasm.wasmPaths = wasmPath;
  ort.env.logLevel = 'error';

  const run = async (session: ort.InferenceSession): Promise<PeerRun> => {
    const engines = [coreEngine(predictor), ortEngine(ort, session, 'input', 'probabilities')] as const;
    const agreement = await maxDifference(engines[0], engines[1], digits);
    const rows: SideBySide[] = [];
    for (const batch of BATCHES) rows.push(await timeSideBySide(engines, digits, batch, defaultPlans[batch]));
    return { agreement, rows };
  };

  const wasmSession = await ort.InferenceSession.create(onnxBytes, { executionProviders: ['wasm'] });
  const wasm = await run(wasmSession);
  await wasmSession.release();

  let webgpu: PagePeerResult['webgpu'];
  const probe = await probeWebGpu();
  if (!probe.available) webgpu = { skipped: `no WebGPU adapter (${probe.description})` };
  else if (probe.fallback)
    webgpu = {
      skipped: `the only adapter is the software fallback (isFallbackAdapter: ${probe.description}); timing a CPU emulation of a GPU says nothing`,
    };
  else if (!(await tf.setBackend('webgpu'))) webgpu = { skipped: 'tfjs webgpu backend failed to start' };
  else {
    const session = await ort.InferenceSession.create(onnxBytes, { executionProviders: ['webgpu'] });
    webgpu = await run(session);
    await session.release();
  }
  return {
    crossOriginIsolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
    wasm,
    webgpu,
  };
}

Object.assign(globalThis, { benchPeer });
