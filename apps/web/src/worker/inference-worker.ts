/// <reference lib="webworker" />
import { NoInkError, inputHash, toModelInput } from '@cifra/digits';
import type {
  BackendName,
  Calibration,
  InferenceApi,
  MethodName,
  PreparedImage,
  RpcCancel,
  RpcRequest,
  RpcResponse,
} from '../shared/inference-protocol.ts';
import { activate, activeBackend, webgpuAdapter } from './backends.ts';
import { calibrate, forgetCalibrations, rememberedCalibration } from './calibration.ts';
import { decodeImage, UnreadableImageError } from './decode.ts';
import { ModelRunner } from './model-runner.ts';
import { cachedModel, clearCachedModel, ModelUnavailableError, syncModel } from './model-store.ts';

declare const self: DedicatedWorkerGlobalScope;

let runner: ModelRunner | undefined;
let calibration: Calibration | undefined;
const cancelled = new Set<number>();

/** The first answer comes from WASM (loads fast, fast at batch 1 on every device measured). */
const firstChoice: BackendName = 'wasm';

function requireRunner(): ModelRunner {
  if (!runner) throw new ModelUnavailableError();
  return runner;
}

type Handlers = {
  [M in MethodName]: (
    params: Parameters<InferenceApi[M]>[0],
    id: number,
  ) => Promise<ReturnType<InferenceApi[M]>>;
};

const handlers: Handlers = {
  async loadModel({ signed }, id) {
    const progress = (loaded: number, total: number) => post({ id, event: 'progress', loaded, total });
    let loaded;
    try {
      loaded = signed ? await syncModel(signed, progress) : { ...(await cachedModel()), fromCache: true };
    } catch (error) {
      // Offline or the edge unreachable: fall back to what this device already has.
      if (!signed || error instanceof ModelUnavailableError) throw error;
      loaded = { ...(await cachedModel()), fromCache: true };
    }
    if (runner?.version !== loaded.manifest.version) {
      runner?.dispose();
      runner = new ModelRunner(loaded);
      calibration = await rememberedCalibration(runner.version);
    }
    return { state: 'ready', version: runner.version, bytes: runner.bytes, fromCache: loaded.fromCache };
  },

  async prepare({ images }) {
    return Promise.all(
      images.map(async (image): Promise<PreparedImage> => {
        try {
          const pixels =
            image.kind === 'pixels'
              ? { width: image.width, height: image.height, data: image.data, channels: 4 as const }
              : await decodeImage(image.name, image.blob);
          const input = toModelInput(pixels);
          return {
            ok: true,
            pixels: input.pixels,
            hash: await inputHash(input.pixels),
            inverted: input.inverted,
          };
        } catch (error) {
          if (error instanceof NoInkError)
            return { ok: false, code: 'no_ink', error: 'No digit found: the picture looks blank.' };
          const message =
            error instanceof UnreadableImageError || error instanceof Error ? error.message : String(error);
          return { ok: false, code: 'bad_image', error: message };
        }
      }),
    );
  },

  async predict({ inputs, backend }) {
    const model = requireRunner();
    const wanted: BackendName =
      backend !== 'auto'
        ? backend
        : ((inputs.length > 1 ? calibration?.best.batch16 : calibration?.best.batch1) ?? firstChoice);
    const active = await activate(wanted);
    const started = performance.now();
    const predictions = await model.predict(active.backend, inputs);
    return {
      predictions,
      backend: active.backend,
      ms: performance.now() - started,
      ...(active.note ? { fallbackNote: active.note } : {}),
    };
  },

  async calibrate({ force }) {
    const model = requireRunner();
    if (!force && calibration?.modelVersion === model.version) return calibration;
    calibration = await calibrate(model);
    return calibration;
  },

  async diagnostics() {
    return {
      backend: activeBackend(),
      model: runner ? { version: runner.version, bytes: runner.bytes } : null,
      calibration: calibration ?? null,
      adapter: await webgpuAdapter(),
      crossOriginIsolated: self.crossOriginIsolated,
    };
  },

  async clearModel() {
    runner?.dispose();
    runner = undefined;
    calibration = undefined;
    await clearCachedModel();
    await forgetCalibrations();
  },
};

function post(message: RpcResponse): void {
  self.postMessage(message);
}

// Requests run one at a time: the backends are global state.
let queue: Promise<void> = Promise.resolve();

self.onmessage = (event: MessageEvent<RpcRequest | RpcCancel>) => {
  const data = event.data;
  if ('cancel' in data) {
    cancelled.add(data.cancel);
    return;
  }
  queue = queue.then(async () => {
    if (cancelled.delete(data.id))
      return post({ id: data.id, ok: false, error: { name: 'AbortError', message: 'Cancelled' } });
    try {
      const handler = handlers[data.method] as (params: unknown, id: number) => Promise<unknown>;
      post({ id: data.id, ok: true, result: await handler(data.params, data.id) });
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      post({ id: data.id, ok: false, error: { name, message } });
    }
  });
};
