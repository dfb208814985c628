import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RpcCancel, RpcRequest, RpcResponse } from '../../shared/inference-protocol.ts';

/** A stand-in for the inference worker: records what the page posts, answers on demand. */
class FakeWorker {
  static last: FakeWorker | undefined;
  readonly posted: (RpcRequest | RpcCancel)[] = [];
  onmessage: ((event: MessageEvent<RpcResponse>) => void) | null = null;
  constructor() {
    FakeWorker.last = this;
  }
  postMessage(message: RpcRequest | RpcCancel): void {
    this.posted.push(message);
  }
  answer(response: RpcResponse): void {
    this.onmessage?.(new MessageEvent('message', { data: response }));
  }
}

beforeEach(() => {
  vi.stubGlobal('Worker', FakeWorker);
  vi.resetModules();
});
afterEach(() => vi.unstubAllGlobals());

const client = () => import('./inference-client.ts');
const cancels = (worker: FakeWorker) => worker.posted.filter((message) => 'cancel' in message);

describe('calling the inference worker', () => {
  it('an abort after the call settled sends no cancel and leaves no listener on the signal', async () => {
    const { callWorker } = await client();
    const controller = new AbortController();
    const removed = vi.spyOn(controller.signal, 'removeEventListener');
    const call = callWorker('diagnostics', {}, { signal: controller.signal });
    const worker = FakeWorker.last!;
    const [request] = worker.posted as RpcRequest[];
    worker.answer({ id: request!.id, ok: true, result: 'done' });
    await expect(call).resolves.toBe('done');
    expect(removed).toHaveBeenCalledWith('abort', expect.any(Function));
    controller.abort();
    expect(cancels(worker)).toEqual([]);
  });

  it('the same after a failure, which arrives with the worker’s code', async () => {
    const { callWorker } = await client();
    const controller = new AbortController();
    const call = callWorker('diagnostics', {}, { signal: controller.signal });
    const worker = FakeWorker.last!;
    const [request] = worker.posted as RpcRequest[];
    worker.answer({
      id: request!.id,
      ok: false,
      error: { name: 'ModelUnavailableError', code: 'model_unavailable', message: 'x' },
    });
    await expect(call).rejects.toMatchObject({ name: 'ModelUnavailableError', code: 'model_unavailable' });
    controller.abort();
    expect(cancels(worker)).toEqual([]);
  });

  it('an abort while the call is pending cancels it in the worker and rejects', async () => {
    const { callWorker } = await client();
    const controller = new AbortController();
    const call = callWorker('diagnostics', {}, { signal: controller.signal });
    const worker = FakeWorker.last!;
    const [request] = worker.posted as RpcRequest[];
    controller.abort();
    await expect(call).rejects.toMatchObject({ name: 'AbortError', code: 'cancelled' });
    expect(cancels(worker)).toEqual([{ cancel: request!.id }]);
  });
});
