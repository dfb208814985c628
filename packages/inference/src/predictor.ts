import type { ModelManifest, NumberHeadSpec } from '@cifra/contracts';
import * as tf from '@tensorflow/tfjs-core';
import type { io } from '@tensorflow/tfjs-core';
import {
  InvalidInputError,
  ModelIntegrityError,
  PersonalHeadMismatchError,
  UnsupportedModelError,
} from './errors.ts';
import {
  activationSize,
  executionPlan,
  inputWindow,
  type ExecutionPlan,
  type PlanStep,
} from './execution-plan.ts';
import { readArtifacts, verifyModelFiles, type ModelArtifacts, type ModelFiles } from './model-files.ts';
import type { PersonalHead } from './personal-head.ts';
import { toPredictions, type Prediction } from './prediction.ts';

/** One model input: 784 bytes (0–255, ink-high, from toModelInput) or 784 floats in 0–1. */
export type ModelInputData = Uint8Array | Float32Array;

const INPUT_SIDE = 28;
const INPUT_VALUES = INPUT_SIDE * INPUT_SIDE;

/** Backends whose results can be read synchronously without stalling a GPU pipeline. */
const synchronousBackends = new Set(['cpu', 'wasm']);

/** The inputs as one float batch of the plan's input window (the top-left `height` x `width`). */
function joinInputs(inputs: readonly ModelInputData[], [height, width]: [number, number]): Float32Array {
  const size = height * width;
  const batch = new Float32Array(inputs.length * size);
  inputs.forEach((input, index) => {
    if (input.length !== INPUT_VALUES) throw new InvalidInputError(index, input.length, INPUT_VALUES);
    const scale = input instanceof Float32Array ? 1 : 1 / 255;
    let to = index * size;
    for (let y = 0; y < height; y++) {
      const from = y * INPUT_SIDE;
      for (let x = 0; x < width; x++) batch[to++] = (input[from + x] as number) * scale;
    }
  });
  return batch;
}

/** The number head's weights as read from its file (see {@link NumberHeadSpec}). */
interface NumberHeadArtifacts {
  specs: io.WeightsManifestEntry[];
  data: ArrayBuffer;
  /** The layer whose output the head reads before the features (see NumberHeadSpec.reads). */
  reads: string | undefined;
}

const NUMBER_HEAD_KERNEL = 'number_head/kernel';
const NUMBER_HEAD_BIAS = 'number_head/bias';
/** The number head's classes: the ten digits, then "not one whole digit". */
const NUMBER_HEAD_CLASSES = 11;

/**
 * The model as a fused execution plan: one tfjs kernel per conv (bias and ReLU fused), pool and
 * dense layer, softmax in JS. Runs on whichever tfjs backend is active when it is called;
 * weights are uploaded once per backend and kept.
 */
export class Predictor {
  readonly manifest: ModelManifest;
  readonly version: string;
  /** Bytes of the model's files. */
  readonly bytes: number;
  readonly #plan: ExecutionPlan;
  /** The part of the 28x28 input the plan reads (see {@link inputWindow}). */
  readonly #window: [number, number];
  readonly #artifacts: ModelArtifacts;
  readonly #weights = new Map<string, tf.NamedTensorMap>();
  readonly #numberHead: NumberHeadArtifacts | undefined;
  /** The personal head in place of the model's own last layer, if any. */
  readonly #head: PersonalHead | undefined;
  /** The predictor this one shares its model files with (a personal one's base). */
  readonly #model: ModelFiles;

  /** Use {@link loadPredictor}: it checks the files first. */
  constructor(
    model: ModelFiles,
    plan: ExecutionPlan,
    artifacts: ModelArtifacts,
    head?: PersonalHead,
    numberHead?: NumberHeadArtifacts,
  ) {
    this.manifest = model.manifest;
    this.version = model.manifest.version;
    this.bytes = model.manifest.files.reduce((sum, file) => sum + file.bytes, 0);
    this.#model = model;
    this.#plan = plan;
    this.#window = inputWindow(plan, [INPUT_SIDE, INPUT_SIDE]);
    this.#artifacts = artifacts;
    this.#head = head;
    this.#numberHead = numberHead;
  }

  /** Whether the model has a number head: {@link predictParts} then tells whole digits apart. */
  get hasNumberHead(): boolean {
    return this.#numberHead !== undefined;
  }

  /** The id of the personal head this predictor answers with, or undefined for the base model. */
  get personal(): string | undefined {
    return this.#head?.id;
  }

  /** How many features the model's own last layer reads. */
  get #featureCount(): number {
    return headShape(this.#plan, this.#artifacts)[0] ?? 0;
  }

  /** The last (dense) step: the head that personal fine-tuning replaces. */
  get #headStep(): Extract<PlanStep, { op: 'dense' }> {
    return this.#plan.at(-1) as Extract<PlanStep, { op: 'dense' }>;
  }

  /** The weights on the active backend (decoded and dequantised on first use there). */
  #weightsHere(): tf.NamedTensorMap {
    const backend = tf.getBackend();
    let weights = this.#weights.get(backend);
    if (!weights) {
      weights = tf.io.decodeWeights(this.#artifacts.weightData, this.#artifacts.weightSpecs);
      const head = this.#head;
      if (head) {
        const { kernel, bias } = this.#headStep;
        tf.dispose([weights[kernel] as tf.Tensor, ...(bias ? [weights[bias] as tf.Tensor] : [])]);
        weights[kernel] = tf.tensor2d(head.kernel, [head.kernel.length / head.bias.length, head.bias.length]);
        if (bias) weights[bias] = tf.tensor1d(head.bias);
      }
      if (this.#numberHead)
        Object.assign(weights, tf.io.decodeWeights(this.#numberHead.data, this.#numberHead.specs));
      this.#weights.set(backend, weights);
    }
    return weights;
  }

  /** Runs the plan's first `steps` steps on a batch; the caller owns the result. */
  #runSteps(inputs: readonly ModelInputData[], steps: number): tf.Tensor {
    const weights = this.#weightsHere();
    const get = (name: string) => weights[name] as tf.Tensor;
    const batch = joinInputs(inputs, this.#window);
    return tf.tidy(() => {
      let x: tf.Tensor = tf.tensor4d(batch, [inputs.length, ...this.#window, 1]);
      for (const step of this.#plan.slice(0, steps)) x = applyStep(step, x, get);
      return x;
    });
  }

  #run(inputs: readonly ModelInputData[]): tf.Tensor {
    return this.#runSteps(inputs, this.#plan.length);
  }

  /**
   * What the head reads: the activations before the last dense layer, one row per input
   * ([batch, features], on the active backend; the caller disposes it). Personal fine-tuning
   * trains on these, so the conv layers run once per sample, never backwards.
   */
  headInputs(inputs: readonly ModelInputData[]): tf.Tensor2D {
    const features = this.#runSteps(inputs, this.#plan.length - 1);
    try {
      return tf.reshape(features, [inputs.length, -1]);
    } finally {
      features.dispose();
    }
  }

  /**
   * What a number head reads, one row per input ([batch, values], on the active backend; the
   * caller disposes it): the output of the plan step of layer `reads` (flattened), then
   * {@link headInputs}; with `reads` null, just those. Trains a number head (`reads` names the
   * layer a new head will read) and feeds this predictor's own.
   * @default reads: what this predictor's own number head reads (null without one or `reads`)
   * @throws UnsupportedModelError for a layer that is not a hidden layer of the model.
   */
  numberHeadInputs(
    inputs: readonly ModelInputData[],
    reads: string | null = this.#numberHead?.reads ?? null,
  ): tf.Tensor2D {
    if (reads === null) return this.headInputs(inputs);
    const last = readsStep(this.#plan, reads);
    const weights = this.#weightsHere();
    const get = (name: string) => weights[name] as tf.Tensor;
    const early = this.#runSteps(inputs, last + 1);
    try {
      return tf.tidy(() => {
        let x = early;
        for (const step of this.#plan.slice(last + 1, -1)) x = applyStep(step, x, get);
        const rows = inputs.length;
        return tf.concat([tf.reshape(early, [rows, -1]), tf.reshape(x, [rows, -1])], 1) as tf.Tensor2D;
      });
    } finally {
      early.dispose();
    }
  }

  /** The head's weights ([features x 10] kernel, row-major, and 10 biases) as this predictor uses them. */
  headWeights(): { kernel: Float32Array; bias: Float32Array } {
    if (this.#head) return { kernel: this.#head.kernel, bias: this.#head.bias };
    const weights = this.#weightsHere();
    const { kernel, bias } = this.#headStep;
    const kernelValues = (weights[kernel] as tf.Tensor).dataSync() as Float32Array;
    const classes = (weights[kernel] as tf.Tensor).shape[1] as number;
    return {
      kernel: Float32Array.from(kernelValues),
      bias: bias ? Float32Array.from((weights[bias] as tf.Tensor).dataSync()) : new Float32Array(classes),
    };
  }

  /**
   * The same model with a personal head in place of its last layer. The files, plan and
   * checks are shared; the new predictor has its own weights on each backend (dispose it).
   * Throws {@link PersonalHeadMismatchError} when the head was trained on another model.
   */
  withHead(head: PersonalHead): Predictor {
    const [features, classes] = headShape(this.#plan, this.#artifacts);
    if (
      head.baseVersion !== this.version ||
      head.bias.length !== classes ||
      head.kernel.length !== (features ?? 0) * (classes ?? 0)
    )
      throw new PersonalHeadMismatchError(head.baseVersion, this.version);
    return new Predictor(this.#model, this.#plan, this.#artifacts, head, this.#numberHead);
  }

  /** Probabilities for a batch, on the active backend, as one kernel sequence. */
  async predict(inputs: readonly ModelInputData[]): Promise<Prediction[]> {
    if (inputs.length === 0) return [];
    const logits = this.#run(inputs);
    try {
      // cpu and wasm answer synchronously: skipping the promise saves a task at batch 1.
      const values = synchronousBackends.has(tf.getBackend()) ? logits.dataSync() : await logits.data();
      return toPredictions(values, inputs.length);
    } finally {
      logits.dispose();
    }
  }

  /**
   * Like {@link predict}, for the candidates of a number (`planNumber`'s inputs): each answer
   * also says how likely its input is one whole digit (`wholeDigit`, from the model's number
   * head), so a fragment or two touching digits read confidently as one digit lose to the right
   * cut, and which digit the head takes it for (`partProbabilities`: it has learnt from cut
   * parts). `probabilities` stay the model's (or the personal head's). The same batch and
   * kernels, plus one small dense layer; without a number head, exactly {@link predict}.
   */
  async predictParts(inputs: readonly ModelInputData[]): Promise<Prediction[]> {
    if (!this.#numberHead || inputs.length === 0) return this.predict(inputs);
    const weights = this.#weightsHere();
    const read = this.numberHeadInputs(inputs);
    const [logits, numberLogits] = tf.tidy(() => {
      const head = this.#headStep;
      const number = tf.add(
        tf.matMul(read, weights[NUMBER_HEAD_KERNEL] as tf.Tensor2D),
        weights[NUMBER_HEAD_BIAS] as tf.Tensor1D,
      );
      // The model's features are the last columns of what the number head reads.
      const features = tf.slice(read, [0, (read.shape[1] as number) - this.#featureCount], [-1, -1]);
      return [applyStep(head, features, (name) => weights[name] as tf.Tensor), number];
    });
    read.dispose();
    try {
      const sync = synchronousBackends.has(tf.getBackend());
      const [values, number] = sync
        ? [logits.dataSync(), numberLogits.dataSync()]
        : await Promise.all([logits.data(), numberLogits.data()]);
      // The head's eleven classes, in float64 on the CPU (a few dozen rows): "not a digit" gives
      // wholeDigit; the ten digits alone, softmaxed, the head's reading given a whole digit.
      const wholeness = toPredictions(number, inputs.length);
      const digitsOnly = new Float32Array(inputs.length * (NUMBER_HEAD_CLASSES - 1));
      for (let row = 0; row < inputs.length; row++)
        digitsOnly.set(
          number.subarray(row * NUMBER_HEAD_CLASSES, row * NUMBER_HEAD_CLASSES + NUMBER_HEAD_CLASSES - 1),
          row * (NUMBER_HEAD_CLASSES - 1),
        );
      const partReadings = toPredictions(digitsOnly, inputs.length);
      return toPredictions(values, inputs.length).map((prediction, row) => ({
        ...prediction,
        wholeDigit: 1 - ((wholeness[row] as Prediction).probabilities[NUMBER_HEAD_CLASSES - 1] as number),
        partProbabilities: (partReadings[row] as Prediction).probabilities,
      }));
    } finally {
      tf.dispose([logits, numberLogits]);
    }
  }

  /** Like {@link predict}, for callers on a synchronous backend (cpu, wasm): Node CLI, benches. */
  predictSync(inputs: readonly ModelInputData[]): Prediction[] {
    if (inputs.length === 0) return [];
    const logits = this.#run(inputs);
    try {
      return toPredictions(logits.dataSync(), inputs.length);
    } finally {
      logits.dispose();
    }
  }

  /** Runs a batch once on the active backend so shader compilation and uploads happen now. */
  async warmUp(batchSize = 1): Promise<void> {
    await this.predict(Array.from({ length: batchSize }, () => new Uint8Array(INPUT_VALUES)));
  }

  /** Frees the weights on every backend. */
  dispose(): void {
    for (const weights of this.#weights.values()) tf.dispose(Object.values(weights));
    this.#weights.clear();
  }
}

function applyStep(step: PlanStep, x: tf.Tensor, weight: (name: string) => tf.Tensor): tf.Tensor {
  switch (step.op) {
    case 'conv2d':
      return tf.fused.conv2d({
        x: x as tf.Tensor4D,
        filter: weight(step.kernel) as tf.Tensor4D,
        strides: step.strides,
        pad: step.padding,
        ...(step.bias ? { bias: weight(step.bias) } : {}),
        activation: step.activation,
      });
    case 'maxPool':
      return tf.maxPool(x as tf.Tensor4D, step.poolSize, step.strides, step.padding);
    case 'flatten':
      return tf.reshape(x, [x.shape[0] as number, -1]);
    case 'dense':
      return tf.fused.matMul({
        a: x as tf.Tensor2D,
        b: weight(step.kernel) as tf.Tensor2D,
        ...(step.bias ? { bias: weight(step.bias) } : {}),
        activation: step.activation,
      });
  }
}

/**
 * Checks the files against the manifest (size and SHA-256), reads the topology into a fused
 * plan and makes sure every weight it needs is there. Nothing touches a backend until the
 * first prediction, so this works before any backend is chosen.
 */
export async function loadPredictor(model: ModelFiles): Promise<Predictor> {
  await verifyModelFiles(model);
  const artifacts = readArtifacts(model);
  const plan = executionPlan(artifacts.topology);
  const available = new Set(artifacts.weightSpecs.map((spec) => spec.name));
  for (const step of plan) {
    for (const name of 'kernel' in step ? [step.kernel, step.bias] : []) {
      if (name && !available.has(name))
        throw new UnsupportedModelError(`weight ${name} is not in the weights manifest`);
    }
  }
  const numberHead = model.manifest.numberHead
    ? readNumberHead(model, model.manifest.numberHead, plan, artifacts)
    : undefined;
  return new Predictor(model, plan, artifacts, undefined, numberHead);
}

/** The model's own head (its last, dense layer): [features, classes], as its kernel's shape. */
function headShape(plan: ExecutionPlan, artifacts: ModelArtifacts): (number | undefined)[] {
  const last = plan.at(-1);
  const kernel = last && 'kernel' in last ? last.kernel : undefined;
  return artifacts.weightSpecs.find((entry) => entry.name === kernel)?.shape ?? [];
}

const entryBytes = (entry: io.WeightsManifestEntry): number =>
  entry.shape.reduce((n, d) => n * d, 1) * (entry.quantization ? 1 : 4);

/** The number head's file as weights, checked against the model it reads the features of. */
function readNumberHead(
  model: ModelFiles,
  spec: NumberHeadSpec,
  plan: ExecutionPlan,
  artifacts: ModelArtifacts,
): NumberHeadArtifacts {
  // Only a file of the manifest's list had its SHA-256 checked.
  if (!model.manifest.files.some((file) => file.path === spec.file))
    throw new UnsupportedModelError(`the number head's file ${spec.file} is not one of the manifest's files`);
  const bytes = model.files.get(spec.file);
  if (!bytes) throw new ModelIntegrityError(spec.file, 'missing');
  const reads = spec.reads === undefined ? undefined : readsStep(plan, spec.reads);
  const [features = 0] = headShape(plan, artifacts);
  const early =
    reads === undefined
      ? 0
      : activationSize(plan, reads, inputWindow(plan, [INPUT_SIDE, INPUT_SIDE]), (step) => {
          const shape = artifacts.weightSpecs.find((entry) => entry.name === step.kernel)?.shape;
          return shape?.at(-1) ?? 0;
        });
  const [rows, classes] = spec.kernel.shape;
  if (
    spec.kernel.shape.length !== 2 ||
    rows !== early + features ||
    classes !== NUMBER_HEAD_CLASSES ||
    spec.bias.shape.join() !== String(classes)
  )
    throw new UnsupportedModelError(
      `the number head is [${spec.kernel.shape.join(', ')}] + [${spec.bias.shape.join(', ')}], not [${early + features}, ${NUMBER_HEAD_CLASSES}] + [${NUMBER_HEAD_CLASSES}]`,
    );
  const specs: io.WeightsManifestEntry[] = [
    { ...spec.kernel, name: NUMBER_HEAD_KERNEL },
    { ...spec.bias, name: NUMBER_HEAD_BIAS },
  ];
  if (specs.reduce((n, entry) => n + entryBytes(entry), 0) !== bytes.byteLength)
    throw new UnsupportedModelError(`${spec.file} does not hold the weights its manifest entry describes`);
  const data = bytes instanceof Uint8Array ? bytes.slice().buffer : bytes;
  return { specs, data, reads: spec.reads };
}

/** The index of the plan step of `layer`, any step but the last (a layer without a step, such
 * as dropout, cannot be read); throws UnsupportedModelError otherwise. */
function readsStep(plan: ExecutionPlan, layer: string): number {
  const index = plan.findIndex((step) => step.layer === layer);
  if (index < 0 || index >= plan.length - 1)
    throw new UnsupportedModelError(
      `the number head reads ${layer}, which is not a hidden layer of the model`,
    );
  return index;
}
