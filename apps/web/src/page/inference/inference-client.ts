// A URL string only (no tfjs in the page): the .wasm build the worker will run.
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import type {
  InferenceApi,
  MethodName,
  RpcCancel,
  RpcRequest,
  RpcResponse,
} from '../shared/inference-protocol.ts';

/** An error the worker raised, with its name kept (ModelUnavailableError, AbortError…). */
export class WorkerError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<
  number,
  {
    resolve(value: unknown): void;
    reject(error: Error): void;
    onProgress?: (loaded: number, total: number) => void;
  }
>();

/** The inference worker, started on first use so tfjs never loads with the first screen. */
function inferenceWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('../worker/inference-worker.ts', import.meta.url), {
      type: 'module',
      name: 'inference',
    });
    worker.onmessage = (event: MessageEvent<RpcResponse>) => {
      const message = event.data;
      const entry = pending.get(message.id);
      if (!entry) return;
      if ('event' in message) return entry.onProgress?.(message.loaded, message.total);
      pending.delete(message.id);
      if (message.ok) entry.resolve(message.result);
      else entry.reject(new WorkerError(message.error.name, message.error.message));
    };
  }
  return worker;
}

/** The WASM build the inference worker runs first (SIMD, single thread), to fetch ahead of it. */
export const wasmBinaryUrl: string = simdWasm;

/**
 * Starts the inference worker now (it begins loading its first backend at once), so that
 * download overlaps the session refresh and the model's download.
 */
export function startInferenceWorker(): void {
  inferenceWorker();
}

export interface CallOptions {
  signal?: AbortSignal;
  onProgress?: (loaded: number, total: number) => void;
}

/** Calls a worker method; abortable (a cancelled call rejects with AbortError). */
export function callWorker<M extends MethodName>(
  method: M,
  params: Parameters<InferenceApi[M]>[0],
  options: CallOptions = {},
): Promise<ReturnType<InferenceApi[M]>> {
  const id = nextId++;
  const target = inferenceWorker();
  return new Promise((resolve, reject) => {
    pending.set(id, {
      resolve: resolve as (value: unknown) => void,
      reject,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    options.signal?.addEventListener('abort', () => {
      const cancel: RpcCancel = { cancel: id };
      target.postMessage(cancel);
      pending.delete(id);
      reject(new WorkerError('AbortError', 'Cancelled'));
    });
    const request: RpcRequest<M> = { id, method, params };
    target.postMessage(request);
  });
}
