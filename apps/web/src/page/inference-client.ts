import type {
  BackendName,
  ProbeResult,
  WorkerRequest,
  WorkerResponse,
} from '../shared/inference-protocol.ts';

let worker: Worker | undefined;
let nextId = 1;

/** The inference worker, started on first use so tfjs never loads with the first screen. */
function inferenceWorker(): Worker {
  worker ??= new Worker(new URL('../worker/inference-worker.ts', import.meta.url), {
    type: 'module',
    name: 'inference',
  });
  return worker;
}

/** Asks the worker whether a backend works on this device. */
export function probeBackend(backend: BackendName, timeoutMs = 15_000): Promise<ProbeResult> {
  const id = nextId++;
  const target = inferenceWorker();
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent<WorkerResponse>) => {
      if (event.data.id !== id) return;
      target.removeEventListener('message', onMessage);
      resolve(event.data.result);
    };
    target.addEventListener('message', onMessage);
    const request: WorkerRequest = { id, type: 'probe', backend, timeoutMs };
    target.postMessage(request);
  });
}
