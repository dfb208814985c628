/**
 * The typed message API of the inference worker. The page imports only these types (and
 * `page/inference/inference-client.ts` talks it); tfjs lives in the worker alone, so it never
 * weighs on the first screen. Failures cross as codes: the page words them in its language.
 */
import type { ModelAnnouncement } from '@cifra/contracts';
import type { NumberAnswer } from '@cifra/digits';
import type { GuardReport, PersonalHead, PersonaliseRefusal } from '@cifra/inference';

/** Why a worker call or one picture failed. The page turns each into words (page/i18n). */
export const workerErrorCodes = [
  'cancelled',
  'model_unavailable',
  'model_download_failed',
  'model_integrity',
  'no_backend',
  'no_ink',
  'too_many_digits',
  'unreadable_image',
  'image_too_large',
  'no_offscreen_pixels',
  'personal_model_mismatch',
  'anchors_unavailable',
  'worker_failed',
] as const;
export type WorkerErrorCode = (typeof workerErrorCodes)[number];

/** TensorFlow.js backends Cifra can run on. */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const backendNames: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** `auto` decides by measurement; a name forces that backend (falling back with a note). */
export type BackendChoice = 'auto' | BackendName;

/** What the GPU adapter says about itself (WebGPU only). */
export interface AdapterInfo {
  vendor: string;
  architecture: string;
  /** A software adapter (e.g. SwiftShader): correct but slow, never picked automatically. */
  isFallbackAdapter: boolean;
}

/** A picture to recognise: raw RGBA from the drawing pad, or an encoded file. */
export type ImageSource =
  | { kind: 'pixels'; width: number; height: number; data: Uint8ClampedArray }
  | { kind: 'file'; name: string; blob: Blob };

/** A picture turned into the model's input, or why it could not be. */
export type PreparedImage =
  { ok: true; pixels: Uint8Array; hash: string; inverted: boolean } | { ok: false; code: WorkerErrorCode };

/** One model answer. */
export interface Prediction {
  digit: number;
  probability: number;
  probabilities: number[];
}

export interface PredictResult {
  predictions: Prediction[];
  backend: BackendName;
  /** Wall time of the inference itself (the batch), in ms. */
  ms: number;
  /** Set when the requested backend could not be used and `backend` answered instead. */
  fellBackFrom?: BackendName;
  /** The personal head that answered (its id); absent when the base model did. */
  personal?: string;
}

/** A person's own replacement for the model's last layer. */
export type PersonalHeadData = PersonalHead;

/** One sample of a person's handwriting: a model input and the digit it shows. */
export interface TeachSample {
  pixels: Uint8Array;
  digit: number;
}

/** The guard's scores: the base and the personal head on the held-back samples and the check digits. */
export type TeachGuard = GuardReport;

/** The outcome of teaching: a personal head the guard kept, or why it refused one. */
export type TeachResult = {
  backend: BackendName;
  /** Wall time of the fine-tuning, in ms. */
  trainMs: number;
  /** Samples trained on (the rest were held back to check the result). */
  trainedOn: number;
  guard?: TeachGuard;
} & ({ accepted: true; head: PersonalHeadData } | { accepted: false; reason: PersonaliseRefusal });

/** What the page keeps of one digit of a read number: its model input, for the device cache. */
export interface ReadDigit {
  /** The digit's 784-byte model input, and its SHA-256 (the caches' key). */
  pixels: Uint8Array;
  hash: string;
  /** The model's own answer for this input alone (what the device cache keeps; see `ownAnswer`
   * in @cifra/digits): the number's digit also weighs the number head and can differ. */
  digit: number;
  probability: number;
  probabilities: number[];
}

/** A whole number read from one picture: segmented, then every candidate scored in one batch. */
export interface ReadResult {
  /** The user-facing answer (the same shape the edge and the CLI give). */
  answer: NumberAnswer;
  /** Per digit of `answer.digits`, in the same order. */
  digits: ReadDigit[];
  /** The picture's size in pixels: the frame of every digit's `box`. */
  width: number;
  height: number;
  /** The model version that read it. */
  version: string;
  backend: BackendName;
  /** Wall time of the batch's inference, in ms. */
  ms: number;
  /** Candidate inputs scored in that one batch (digits plus the cuts tried). */
  batch: number;
  fellBackFrom?: BackendName;
  /** The personal head that read it (its id); absent when the base model did. */
  personal?: string;
}

/** Timings of one backend during calibration (warm medians, ms). */
export interface BackendTiming {
  backend: BackendName;
  available: boolean;
  batch1Ms?: number;
  batch16Ms?: number;
  adapter?: AdapterInfo;
  /** Why it is unavailable, or why auto mode will not pick it. */
  reason?: 'software_adapter' | 'unavailable' | 'failed';
  /** The browser's own words for a failure (technical detail, not shown as UI text). */
  note?: string;
}

/** Calibration result, remembered per device and model version. */
export interface Calibration {
  modelVersion: string;
  measuredAt: string;
  timings: BackendTiming[];
  /** Fastest for single drawings and for batches (never a software adapter). */
  best: { batch1: BackendName; batch16: BackendName };
}

export type ModelStatus =
  { state: 'ready'; version: string; bytes: number; fromCache: boolean } | { state: 'missing' };

export interface Diagnostics {
  backend: BackendName | null;
  model: { version: string; bytes: number } | null;
  calibration: Calibration | null;
  adapter: AdapterInfo | null;
  crossOriginIsolated: boolean;
}

/** Methods of the worker: each takes one params object and answers one result. */
export interface InferenceApi {
  /** Downloads (verifying SHA-256) and loads the model; `null` loads the cached one (offline). */
  /** `signed`: the edge's `GET /api/model` answer as the page got it (the worker checks it). */
  loadModel(params: { signed: ModelAnnouncement | null }): ModelStatus;
  /** Decodes pictures off the main thread and turns them into model inputs. */
  prepare(params: { images: ImageSource[] }): PreparedImage[];
  /**
   * Runs the model on 784-byte inputs as one batch. `personal` names the head the page
   * expects (the signed-in person's, see `usePersonal`); any other answers with the base model.
   */
  predict(params: { inputs: Uint8Array[]; backend: BackendChoice; personal: string | null }): PredictResult;
  /** Reads a whole number: segments the picture and scores every candidate as one batch. */
  read(params: { image: ImageSource; backend: BackendChoice; personal: string | null }): ReadResult;
  /**
   * Loads a person's head beside the base model (null drops it). Refused with
   * `personal_model_mismatch` when it was trained on another model version.
   */
  usePersonal(params: { head: PersonalHeadData | null }): { personal: string | null };
  /** Fine-tunes a personal head on the samples (on the device's batch backend) and guards it. */
  teach(params: { samples: TeachSample[]; backend: BackendChoice }): TeachResult;
  /** Times each available backend at batch 1 and 16 (cached per model version). */
  calibrate(params: { force: boolean }): Calibration;
  diagnostics(params: Record<string, never>): Diagnostics;
  /** Deletes the cached model files (and the calibration). */
  clearModel(params: Record<string, never>): void;
}

export type MethodName = keyof InferenceApi;

export interface RpcRequest<M extends MethodName = MethodName> {
  id: number;
  method: M;
  params: Parameters<InferenceApi[M]>[0];
}

/** Download progress of loadModel, sent as events of the same request id. */
export interface ProgressEvent {
  id: number;
  event: 'progress';
  loaded: number;
  total: number;
}

export type RpcResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { name: string; code: WorkerErrorCode; message: string } }
  | ProgressEvent;

/** Cancels a request the page no longer needs (e.g. a newer drawing). */
export interface RpcCancel {
  cancel: number;
}
