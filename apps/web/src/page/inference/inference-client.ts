/**
 * The page's side of the inference worker: starts it on first use and calls its methods as
 * promises (abortable). Failures arrive as `WorkerError`s carrying the worker's code.
 */
// A URL string only (no tfjs in the page): the .wasm build the worker will run.
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import type {
  InferenceApi,
  MethodName,
  RpcCancel,
  RpcRequest,
  RpcResponse,
  WorkerErrorCode,
} from '../../shared/inference-protocol.ts';

/** An error the worker raised: its name kept (ModelUnavailableError, AbortError…), and its code. */
export class WorkerError extends Error {
  constructor(
    override readonly name: string,
    readonly code: WorkerErrorCode,
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
    worker = new Worker(new URL('../../worker/inference-worker.ts', import.meta.url), {
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
      else entry.reject(new WorkerError(message.error.name, message.error.code, message.error.message));
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
  const { signal } = options;
  // An abort that already happened fires no event: the call must not start at all.
  if (signal?.aborted) return Promise.reject(new WorkerError('AbortError', 'cancelled', 'Cancelled'));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      const cancel: RpcCancel = { cancel: id };
      target.postMessage(cancel);
      pending.delete(id);
      reject(new WorkerError('AbortError', 'cancelled', 'Cancelled'));
    };
    // Once the call settles, an abort has nothing left to cancel: the listener goes with it.
    const settled = () => signal?.removeEventListener('abort', onAbort);
    pending.set(id, {
      resolve(value) {
        settled();
        resolve(value as ReturnType<InferenceApi[M]>);
      },
      reject(error) {
        settled();
        reject(error);
      },
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    const request: RpcRequest<M> = { id, method, params };
    target.postMessage(request);
  });
}
