/**
 * The typed message API of the inference worker. The page imports only these types; tfjs
 * lives in the worker alone, so it never weighs on the first screen.
 */

/** TensorFlow.js backends Cifra can run on, fastest-first on a real GPU. */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** What the GPU adapter says about itself (WebGPU only). */
export interface AdapterInfo {
  vendor: string;
  architecture: string;
  /** A software adapter (e.g. SwiftShader): correct but slow, never picked automatically. */
  isFallbackAdapter: boolean;
}

export type WorkerRequest = { id: number; type: 'probe'; backend: BackendName; timeoutMs: number };

/** The outcome of trying one backend: usable or not, and why. */
export interface ProbeResult {
  backend: BackendName;
  ok: boolean;
  /** Milliseconds from asking for the backend to a verified result. */
  ms: number;
  adapter?: AdapterInfo;
  error?: string;
}

export type WorkerResponse = { id: number; type: 'probe'; result: ProbeResult };
