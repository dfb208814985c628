/**
 * Personal fine-tuning: one person's samples retrain the model's head (its last dense layer) on
 * their device. The conv layers run forwards once per sample and augmented copy; only the head
 * learns, pulled towards the base head's weights and trained next to built-in MNIST digits so
 * it does not forget the digits the person did not write. A guard keeps samples back and keeps
 * the result only if it beats the base model on them without losing the built-in check digits.
 * tfjs-core only: runs on whichever backend is active (web worker, CLI).
 */
import { augmentDigit, createRandom, type AugmentOptions, type Random } from '@cifra/digits';
import * as tf from '@tensorflow/tfjs-core';
import { InvalidInputError } from './errors.ts';
import { personalHeadId, type PersonalHead } from './personal-head.ts';
import type { ModelInputData, Predictor } from './predictor.ts';

/** A model input with the digit it shows. */
export interface LabelledInput {
  input: ModelInputData;
  digit: number;
}

/** Built-in MNIST digits (see {@link readAnchorDigits}): some to train beside, some to check. */
export interface AnchorDigits {
  /** Trained on next to the person's samples, so the head keeps the other digits. */
  train: readonly LabelledInput[];
  /** Never trained on: the guard's check that the personal head still reads MNIST. */
  check: readonly LabelledInput[];
}

export interface PersonaliseOptions {
  anchors: AnchorDigits;
  /** Augmented copies of each training sample, besides the sample itself. @default 12 */
  copies?: number;
  /** Full-batch Adam steps. @default 80 */
  steps?: number;
  /** @default 0.003 */
  learningRate?: number;
  /** Pull towards the base head: weight of the summed squared change of its weights. @default 0.3 */
  stayClose?: number;
  /** Weight of the anchors' loss next to the samples' (each a mean). @default 1 */
  anchorWeight?: number;
  /** Share of each digit's samples kept back for the guard (at least one of a digit taught twice or more). @default 0.2 */
  holdBack?: number;
  /** Accuracy on the check digits the personal head may lose against the base head. @default 0.005 */
  checkSlack?: number;
  /** Seeds augmentation and the held-back choice. @default 1 */
  seed?: number;
}

/** Why a personal head was not kept (codes: they cross to the page and the CLI). */
export type PersonaliseRefusal =
  /** No digit was taught twice, so nothing could be kept back to check the result on. */
  | 'too_few_samples'
  /** It did not beat the base model on the held-back samples. */
  | 'no_gain'
  /** It read the built-in MNIST check digits worse than the base model. */
  | 'forgets';

/** How one head did on a set: right answers and mean cross-entropy. */
export interface HeadScore {
  correct: number;
  count: number;
  loss: number;
}

export interface GuardReport {
  heldOut: { base: HeadScore; personal: HeadScore };
  check: { base: HeadScore; personal: HeadScore };
}

export type PersonaliseResult =
  | { accepted: true; head: PersonalHead; guard: GuardReport; trainMs: number; trainedOn: number }
  | {
      accepted: false;
      reason: PersonaliseRefusal;
      guard: GuardReport | undefined;
      trainMs: number;
      trainedOn: number;
    };

/** Milder than training's: a person's own samples already vary the way their hand does. */
export const PERSONAL_AUGMENT: AugmentOptions = {
  rotate: 8,
  scale: 0.1,
  shear: 0.1,
  shift: 1.5,
  strokeProbability: 0.15,
};

const CLASSES = 10;
const PIXELS = 784;
/** Rows per forward pass when computing features (bounds memory on any backend). */
const FEATURE_BATCH = 256;

const toFloats = (input: ModelInputData): Float32Array =>
  input instanceof Float32Array ? input : Float32Array.from(input, (value) => value / 255);

function checkSamples(samples: readonly LabelledInput[], what: string): void {
  samples.forEach((sample, index) => {
    if (sample.input.length !== PIXELS) throw new InvalidInputError(index, sample.input.length, PIXELS);
    if (!Number.isInteger(sample.digit) || sample.digit < 0 || sample.digit > 9)
      throw new RangeError(`${what} ${index} is labelled ${sample.digit}, not a digit 0–9`);
  });
}

/**
 * Splits the samples per digit: `share` of each digit's (rounded, at least one of a digit with
 * two or more, never all of them) are held back, chosen at random.
 */
export function holdBackSamples(
  samples: readonly LabelledInput[],
  share: number,
  random: Random,
): { train: LabelledInput[]; heldOut: LabelledInput[] } {
  const train: LabelledInput[] = [];
  const heldOut: LabelledInput[] = [];
  for (let digit = 0; digit < CLASSES; digit++) {
    const own = samples.filter((sample) => sample.digit === digit);
    for (let i = own.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [own[i], own[j]] = [own[j] as LabelledInput, own[i] as LabelledInput];
    }
    const keep = own.length < 2 ? 0 : Math.min(own.length - 1, Math.max(1, Math.round(own.length * share)));
    heldOut.push(...own.slice(0, keep));
    train.push(...own.slice(keep));
  }
  return { train, heldOut };
}

/** Head inputs of many model inputs, in batches, as one [rows, features] tensor. */
function featuresOf(predictor: Predictor, inputs: readonly ModelInputData[]): tf.Tensor2D {
  const parts: tf.Tensor2D[] = [];
  for (let start = 0; start < inputs.length; start += FEATURE_BATCH)
    parts.push(predictor.headInputs(inputs.slice(start, start + FEATURE_BATCH)));
  try {
    return parts.length === 1 ? (parts[0] as tf.Tensor2D).clone() : tf.concat(parts);
  } finally {
    tf.dispose(parts);
  }
}

async function score(
  features: tf.Tensor2D,
  digits: readonly number[],
  kernel: tf.Tensor,
  bias: tf.Tensor,
): Promise<HeadScore> {
  if (digits.length === 0) return { correct: 0, count: 0, loss: 0 };
  const [losses, answers] = tf.tidy(() => {
    const logProbabilities = tf.logSoftmax(tf.add(tf.matMul(features, kernel), bias));
    const targets = tf.oneHot(tf.tensor1d(digits as number[], 'int32'), CLASSES);
    return [tf.neg(tf.sum(tf.mul(targets, logProbabilities), 1)), tf.argMax(logProbabilities, 1)];
  });
  const [lossValues, answerValues] = await Promise.all([losses.data(), answers.data()]);
  tf.dispose([losses, answers]);
  let correct = 0;
  let loss = 0;
  digits.forEach((digit, i) => {
    if (answerValues[i] === digit) correct++;
    loss += lossValues[i] as number;
  });
  return { correct, count: digits.length, loss: loss / digits.length };
}

/**
 * Trains a personal head on `samples` and guards it. Pass the base predictor (not a personal
 * one). The result says whether the head beat the base model on the held-back samples (more
 * right, or as many with a lower loss) without losing more than `checkSlack` of the built-in
 * check digits; a refused head is not returned.
 */
export async function personalise(
  predictor: Predictor,
  samples: readonly LabelledInput[],
  options: PersonaliseOptions,
): Promise<PersonaliseResult> {
  if (predictor.personal) throw new Error('personalise() starts from the base model, not a personal one');
  checkSamples(samples, 'sample');
  checkSamples(options.anchors.train, 'anchor');
  checkSamples(options.anchors.check, 'check digit');
  const started = performance.now();
  const {
    copies = 12,
    steps = 80,
    learningRate = 0.003,
    stayClose = 0.3,
    anchorWeight = 1,
    holdBack = 0.2,
    checkSlack = 0.005,
    seed = 1,
  } = options;
  const random = createRandom(seed);
  const { train, heldOut } = holdBackSamples(samples, holdBack, random);
  const elapsed = () => performance.now() - started;
  if (heldOut.length === 0)
    return { accepted: false, reason: 'too_few_samples', guard: undefined, trainMs: elapsed(), trainedOn: 0 };

  // Training rows: each sample and its augmented copies, then the anchors' training digits.
  const rows: ModelInputData[] = [];
  const rowDigits: number[] = [];
  for (const sample of train) {
    const pixels = toFloats(sample.input);
    rows.push(pixels);
    for (let copy = 0; copy < copies; copy++) rows.push(augmentDigit(pixels, random, PERSONAL_AUGMENT));
    for (let copy = 0; copy <= copies; copy++) rowDigits.push(sample.digit);
  }
  const sampleRows = rows.length;
  for (const anchor of options.anchors.train) {
    rows.push(anchor.input);
    rowDigits.push(anchor.digit);
  }
  const anchorRows = rows.length - sampleRows;
  // Each part's loss is a mean, so a dozen samples weigh as much as hundreds of anchors.
  const rowWeights = rowDigits.map((_, i) =>
    i < sampleRows ? 1 / sampleRows : anchorRows > 0 ? anchorWeight / anchorRows : 0,
  );

  const base = predictor.headWeights();
  const features = featuresOf(predictor, rows);
  const heldOutFeatures = featuresOf(
    predictor,
    heldOut.map((sample) => sample.input),
  );
  const checkFeatures = featuresOf(
    predictor,
    options.anchors.check.map((anchor) => anchor.input),
  );
  const inputsPerRow = features.shape[1];
  const baseKernel = tf.tensor2d(base.kernel, [inputsPerRow, CLASSES]);
  const baseBias = tf.tensor1d(base.bias);
  const [kernel, bias, targets] = tf.tidy(() => [
    tf.variable(baseKernel.clone(), true, undefined, 'float32'),
    tf.variable(baseBias.clone(), true, undefined, 'float32'),
    tf.oneHot(tf.tensor1d(rowDigits, 'int32'), CLASSES),
  ]) as [tf.Variable, tf.Variable, tf.Tensor2D];
  const weights = tf.tensor1d(rowWeights);
  const optimizer = tf.train.adam(learningRate);
  try {
    for (let step = 0; step < steps; step++) {
      // The head is one dense layer, so its gradients are written out rather than taken from
      // tfjs's gradient registry: tfjs-core alone registers none, and loading them all for this
      // would double the teaching code the app downloads.
      const gradients = tf.tidy(() =>
        headGradients(features, targets, weights, kernel, bias, baseKernel, baseBias, stayClose),
      );
      optimizer.applyGradients([
        { name: kernel.name, tensor: gradients.kernel },
        { name: bias.name, tensor: gradients.bias },
      ]);
      tf.dispose([gradients.kernel, gradients.bias]);
    }
    // Each set scored by the base head and the trained one.
    const compare = async (rows: tf.Tensor2D, digits: number[]) => ({
      base: await score(rows, digits, baseKernel, baseBias),
      personal: await score(rows, digits, kernel, bias),
    });
    const guard: GuardReport = {
      heldOut: await compare(
        heldOutFeatures,
        heldOut.map((sample) => sample.digit),
      ),
      check: await compare(
        checkFeatures,
        options.anchors.check.map((anchor) => anchor.digit),
      ),
    };
    const trainedOn = train.length;
    const reason = refusal(guard, checkSlack);
    if (reason) return { accepted: false, reason, guard, trainMs: elapsed(), trainedOn };
    const [kernelValues, biasValues] = [
      Float32Array.from(await kernel.data()),
      Float32Array.from(await bias.data()),
    ];
    const head: PersonalHead = {
      baseVersion: predictor.version,
      kernel: kernelValues,
      bias: biasValues,
      id: await personalHeadId(kernelValues, biasValues),
    };
    return { accepted: true, head, guard, trainMs: elapsed(), trainedOn };
  } finally {
    optimizer.dispose();
    tf.dispose([
      features,
      heldOutFeatures,
      checkFeatures,
      baseKernel,
      baseBias,
      kernel,
      bias,
      targets,
      weights,
    ]);
  }
}

/**
 * Gradients of Σ weightᵢ · cross-entropyᵢ + stayClose · ‖head − base head‖² for a dense head:
 * the loss's slope at the logits is weightᵢ · (softmaxᵢ − targetᵢ), which the layer passes back
 * to its kernel as featuresᵀ · slope and to its bias as the slopes' sum.
 */
export function headGradients(
  features: tf.Tensor2D,
  targets: tf.Tensor2D,
  weights: tf.Tensor1D,
  kernel: tf.Variable,
  bias: tf.Variable,
  baseKernel: tf.Tensor,
  baseBias: tf.Tensor,
  stayClose: number,
): { kernel: tf.Tensor2D; bias: tf.Tensor1D } {
  const probabilities = tf.softmax(tf.add(tf.matMul(features, kernel), bias));
  const slope = tf.mul(tf.sub(probabilities, targets), tf.expandDims(weights, 1));
  return {
    kernel: tf.add(
      tf.matMul(features, slope, true, false),
      tf.mul(tf.sub(kernel, baseKernel), 2 * stayClose),
    ),
    bias: tf.add(tf.sum(slope, 0), tf.mul(tf.sub(bias, baseBias), 2 * stayClose)),
  };
}

/** The guard's verdict: undefined when the personal head may be used. */
export function refusal(guard: GuardReport, checkSlack: number): PersonaliseRefusal | undefined {
  const { base, personal } = guard.heldOut;
  const beats =
    personal.correct > base.correct || (personal.correct === base.correct && personal.loss < base.loss);
  if (!beats) return 'no_gain';
  const accuracy = (s: HeadScore) => (s.count === 0 ? 1 : s.correct / s.count);
  if (accuracy(guard.check.personal) < accuracy(guard.check.base) - checkSlack) return 'forgets';
  return undefined;
}
