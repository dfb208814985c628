/// <reference lib="webworker" />
import {
  chooseReading,
  inputHash,
  NoInkError,
  ownAnswer,
  planNumber,
  toModelInput,
  toNumberAnswer,
  type PixelImage,
} from '@cifra/digits';
import { signedModelSchema, type ModelAnnouncement, type SignedModel } from '@cifra/contracts';
import { loadPredictor, PersonalHeadMismatchError, type Predictor } from '@cifra/inference';
import type {
  BackendChoice,
  BackendName,
  Calibration,
  ImageSource,
  InferenceApi,
  MethodName,
  PredictResult,
  PreparedImage,
  RpcCancel,
  RpcRequest,
  RpcResponse,
} from '../shared/inference-protocol.ts';
import { activate, activeBackend, webgpuAdapter } from './backends.ts';
import {
  calibrateInBackground,
  calibrationWorkerName,
  forgetCalibrations,
  rememberedCalibration,
  serveCalibration,
} from './calibration.ts';
import { cifraDb } from '../shared/db.ts';
import { decodeImage } from './decode.ts';
import {
  cachedModel,
  clearCachedModel,
  ModelUnavailableError,
  syncModel,
  type LoadedFiles,
} from './model-store.ts';
import { WaitingRequests } from './waiting-requests.ts';
import { errorCode, WorkerFailure } from './worker-error.ts';

declare const self: DedicatedWorkerGlobalScope;

let model: { predictor: Predictor; files: LoadedFiles } | undefined;
/** The signed-in person's head on the current model, when the page has handed one over. */
let personal: Predictor | undefined;
let calibration: Calibration | undefined;
/** The calibration under way in its own worker, if any. */
let calibrating: Promise<Calibration> | undefined;
/** Queued requests; the page may cancel them before they start. */
const waiting = new WaitingRequests();

/** The first answer comes from WASM (loads fast, fast at batch 1 on every device measured). */
const firstChoice: BackendName = 'wasm';

/** The model version whose first backend and preprocessing have run once. */
let warmedVersion: string | undefined;

const modelStatus = (predictor: Predictor) => ({ version: predictor.version, bytes: predictor.bytes });

function requireModel(): NonNullable<typeof model> {
  if (!model) throw new ModelUnavailableError();
  return model;
}

/** When the user last asked for something (a picture or a prediction), and how many are open. */
let lastUserRequestAt = 0;
let openUserRequests = 0;
const userMethods = new Set<MethodName>(['prepare', 'predict', 'read', 'teach']);
/** Quiet time before the calibration worker starts: it would compete for the CPU. */
const calibrationQuietMs = 1000;

/** Resolves once no user request is open and none came for `calibrationQuietMs`. */
async function userIdle(): Promise<void> {
  for (;;) {
    const quietFor = performance.now() - lastUserRequestAt;
    if (openUserRequests === 0 && quietFor >= calibrationQuietMs) return;
    await new Promise((resolve) => setTimeout(resolve, Math.max(50, calibrationQuietMs - quietFor)));
  }
}

/** Runs preprocessing and hashing once on a pad-sized stroke, so the JIT has seen them. */
async function warmUpPreparation(): Promise<void> {
  const side = 280;
  const data = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let y = 60; y < 220; y++)
    for (let x = 130; x < 150; x++) data.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
  await inputHash(toModelInput({ width: side, height: side, data, channels: 4 }).pixels);
}

/** The picture's RGBA pixels: the pad's as they are, a file's decoded. */
async function pixelsOf(image: ImageSource): Promise<PixelImage> {
  return image.kind === 'pixels'
    ? { width: image.width, height: image.height, data: image.data, channels: 4 }
    : decodeImage(image.name, image.blob);
}

/**
 * Runs one batch on the backend asked for; `auto` routes by batch size to the backend the
 * calibration found fastest for it (WASM until it has measured).
 */
async function runBatch(
  inputs: Uint8Array[],
  backend: BackendChoice,
  personalId: string | null,
  /** The candidates of a number: also ask the number head which are whole digits. */
  parts = false,
): Promise<PredictResult> {
  const predictor = answering(personalId);
  const active = await activate(routed(backend, inputs.length > 1));
  const started = performance.now();
  const predictions = await (parts ? predictor.predictParts(inputs) : predictor.predict(inputs));
  return {
    predictions,
    backend: active.backend,
    ms: performance.now() - started,
    ...(active.fellBackFrom ? { fellBackFrom: active.fellBackFrom } : {}),
    ...(predictor.personal ? { personal: predictor.personal } : {}),
  };
}

/**
 * The edge's `GET /api/model` answer, checked whole: the page only read its version and URLs,
 * and the manifest is used here (so the first screen does not carry its schema). A broken one
 * fails like a failed download: the device's copy, if any, keeps answering.
 */
function checkedAnnouncement(signed: ModelAnnouncement): SignedModel {
  const checked = signedModelSchema.safeParse(signed);
  if (!checked.success)
    throw new WorkerFailure(
      'model_download_failed',
      `The edge's model answer is not valid: ${checked.error.message}`,
    );
  return checked.data;
}

/** The backend for a choice: `auto` takes the calibration's fastest for the batch size. */
function routed(backend: BackendChoice, batch: boolean): BackendName {
  if (backend !== 'auto') return backend;
  return (batch ? calibration?.best.batch16 : calibration?.best.batch1) ?? firstChoice;
}

/**
 * The personal predictor when it is the one the page names, else the base model: a head
 * another person left in this worker is never used for someone who did not ask for it.
 */
function answering(personalId: string | null): Predictor {
  const { predictor } = requireModel();
  return personalId && personal?.personal === personalId ? personal : predictor;
}

function dropPersonal(): void {
  personal?.dispose();
  personal = undefined;
}

type Handlers = {
  [M in MethodName]: (
    params: Parameters<InferenceApi[M]>[0],
    id: number,
  ) => Promise<ReturnType<InferenceApi[M]>>;
};

const handlers: Handlers = {
  async loadModel({ signed }, id) {
    // The device's copy is already loaded and warm (the worker loads it as it starts): nothing
    // to read or check again.
    if (!signed && model && warmedVersion === model.predictor.version)
      return { state: 'ready', ...modelStatus(model.predictor), fromCache: true };
    const progress = (loaded: number, total: number) => post({ id, event: 'progress', loaded, total });
    let loaded;
    try {
      loaded = signed
        ? await syncModel(checkedAnnouncement(signed), progress)
        : { ...(await cachedModel()), fromCache: true };
    } catch (error) {
      // Offline or the edge unreachable: fall back to what this device already has.
      if (!signed || error instanceof ModelUnavailableError) throw error;
      loaded = { ...(await cachedModel()), fromCache: true };
    }
    if (model?.predictor.version !== loaded.manifest.version) {
      // A head reads one model's features: with another model it would answer nonsense.
      dropPersonal();
      model?.predictor.dispose();
      const predictor = await loadPredictor(loaded);
      model = { predictor, files: { manifest: loaded.manifest, files: loaded.files } };
      calibration = await rememberedCalibration(predictor.version);
      calibrating = undefined;
    }
    // "Ready" means ready to answer: the first backend is loaded and warm, and so is the
    // preprocessing (its first, unoptimised run took ~80 ms of a cold first answer).
    if (warmedVersion !== model.predictor.version) {
      await firstBackend;
      await model.predictor.warmUp();
      await warmUpPreparation();
      warmedVersion = model.predictor.version;
    }
    // A person who waited for the model is about to draw: calibration lets them go first.
    lastUserRequestAt = performance.now();
    return { state: 'ready', ...modelStatus(model.predictor), fromCache: loaded.fromCache };
  },

  async prepare({ images }) {
    return Promise.all(
      images.map(async (image): Promise<PreparedImage> => {
        try {
          const input = toModelInput(await pixelsOf(image));
          return {
            ok: true,
            pixels: input.pixels,
            hash: await inputHash(input.pixels),
            inverted: input.inverted,
          };
        } catch (error) {
          return { ok: false, code: error instanceof NoInkError ? 'no_ink' : errorCode(error) };
        }
      }),
    );
  },

  async predict({ inputs, backend, personal: personalId }) {
    return runBatch(inputs, backend, personalId);
  },

  async read({ image, backend, personal: personalId }) {
    const { predictor } = requireModel();
    const picture = await pixelsOf(image);
    // Segmentation errors (no ink, too many marks) cross as their codes (worker-error.ts).
    const plan = planNumber(picture);
    const { predictions, ...run } = await runBatch(plan.inputs, backend, personalId, true);
    const reading = chooseReading(plan, predictions);
    const digits = await Promise.all(
      reading.digits.map(async (digit) => ({
        pixels: digit.pixels,
        hash: await inputHash(digit.pixels),
        ...ownAnswer(digit),
      })),
    );
    return {
      answer: toNumberAnswer(reading),
      digits,
      width: picture.width,
      height: picture.height,
      version: predictor.version,
      batch: plan.inputs.length,
      ...run,
    };
  },

  async usePersonal({ head }) {
    const { predictor } = requireModel();
    if (head && head.id === personal?.personal) return { personal: head.id };
    dropPersonal();
    if (!head) return { personal: null };
    try {
      personal = predictor.withHead(head);
    } catch (error) {
      if (error instanceof PersonalHeadMismatchError)
        throw new WorkerFailure('personal_model_mismatch', error.message);
      throw error;
    }
    return { personal: head.id };
  },

  async teach({ samples, backend }) {
    const { predictor } = requireModel();
    // Training is a batch job: it runs where batches run fastest on this device.
    const active = await activate(routed(backend, true));
    const { teach } = await import('./teach.ts');
    return teach(predictor, samples, active.backend);
  },

  async calibrate({ force }) {
    const { predictor, files } = requireModel();
    if (!force && calibration?.modelVersion === predictor.version) return calibration;
    if (!calibrating) {
      const started = userIdle().then(() => calibrateInBackground(files));
      calibrating = started;
      started
        .then((result) => {
          // A newer model may have arrived meanwhile: keep only a calibration of the current one.
          if (result.modelVersion === model?.predictor.version) calibration = result;
        })
        .catch(() => {})
        .finally(() => {
          if (calibrating === started) calibrating = undefined;
        });
    }
    return calibrating;
  },

  async diagnostics() {
    return {
      backend: activeBackend(),
      model: model ? { version: model.predictor.version, bytes: model.predictor.bytes } : null,
      calibration: calibration ?? null,
      adapter: await webgpuAdapter(),
      crossOriginIsolated: self.crossOriginIsolated,
    };
  },

  async clearModel() {
    dropPersonal();
    model?.predictor.dispose();
    model = undefined;
    warmedVersion = undefined;
    calibration = undefined;
    await clearCachedModel();
    await forgetCalibrations();
  },
};

function post(message: RpcResponse): void {
  self.postMessage(message);
}

/**
 * Methods that touch tfjs's backend (global state) run one at a time, in order. The others —
 * decoding, diagnostics, and calibration (which only waits for its own worker) — never wait
 * behind them, nor they behind these.
 */
const queued = new Set<MethodName>(['loadModel', 'predict', 'read', 'clearModel', 'usePersonal', 'teach']);
let queue: Promise<void> = Promise.resolve();

async function handle(data: RpcRequest): Promise<void> {
  if (waiting.start(data.id))
    return post({
      id: data.id,
      ok: false,
      error: { name: 'AbortError', code: 'cancelled', message: 'Cancelled' },
    });
  const fromUser = userMethods.has(data.method);
  if (fromUser) openUserRequests++;
  try {
    const handler = handlers[data.method] as (params: unknown, id: number) => Promise<unknown>;
    post({ id: data.id, ok: true, result: await handler(data.params, data.id) });
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    post({ id: data.id, ok: false, error: { name, code: errorCode(error), message } });
  } finally {
    if (fromUser) {
      openUserRequests--;
      lastUserRequestAt = performance.now();
    }
  }
}

function serveRequests(): void {
  self.onmessage = (event: MessageEvent<RpcRequest | RpcCancel>) => {
    const data = event.data;
    if ('cancel' in data) return waiting.cancel(data.cancel);
    // A request from the user counts from its arrival, even while it waits in the queue.
    if (userMethods.has(data.method)) lastUserRequestAt = performance.now();
    if (queued.has(data.method)) {
      waiting.arrive(data.id);
      queue = queue.then(() => handle(data));
    } else void handle(data);
  };
}

/**
 * The first backend starts loading (its chunk and .wasm, then compilation) as soon as this
 * worker exists — the page starts it on sign-in, before the model is even requested — so the
 * download of the model and of the backend overlap. Failure is not final here: the first
 * request that needs a backend tries again, and falls back.
 */
let firstBackend: Promise<unknown> = Promise.resolve();

if (self.name === calibrationWorkerName) serveCalibration(self);
else {
  firstBackend = activate(firstChoice).catch(() => undefined);
  // IndexedDB (calibration) is needed right after the model arrives: open it now, not then.
  void cifraDb().catch(() => {});
  // A model already on this device is loaded and warmed now, before the page asks (it asks
  // once the session is known): a returning user's model is ready that much sooner.
  queue = queue.then(() =>
    handlers.loadModel({ signed: null }, 0).then(
      () => {},
      () => {},
    ),
  );
  serveRequests();
}
