/**
 * The number head (issue #12): a dense layer on what the committed model's frozen layers make of
 * an input (an earlier layer's maps and the features its own last layer reads) with an 11th
 * class, "not one whole digit". Trained on the parts number segmentation makes
 * (number-parts.ts) and on MNIST digits, starting from the model's own head and kept near it, so
 * it learns what a fragment or two touching digits look like without
 * forgetting the digits. Reading a number multiplies each candidate's probability by its chance
 * of being one whole digit and weighs the head's digits with the model's (`Predictor.predictParts`,
 * `ReadingWeights.partDigits`); the model's own answers for single digits never change.
 */
import { createRandom } from '@cifra/digits';
import { tf } from './tf-setup.ts';
import { NOT_A_DIGIT } from './train-loop.ts';

/** Ten digits and "not one whole digit" (last). */
export const NUMBER_HEAD_CLASSES = 11;

export interface NumberHeadOptions {
  /** Values per sample: an earlier layer's, then the base head's features. @default the base head's features */
  rowSize?: number;
  /** Passes over the samples. @default 12 */
  epochs?: number;
  /** Adam's learning rate. @default 0.001 */
  learningRate?: number;
  /** @default 512 */
  batchSize?: number;
  /** L2 pull of the kernel towards the model's own head (its digit columns). @default 0.0001 */
  stay?: number;
  /** Shuffling seed. @default 5 */
  seed?: number;
  /** Called after each epoch with its mean loss. */
  onEpoch?: (epoch: number, loss: number) => void;
}

export interface DenseWeights {
  /** [features x classes], row-major. */
  kernel: Float32Array;
  bias: Float32Array;
}

/**
 * Trains the number head on `features` ([samples x (E + F)], row-major:
 * `Predictor.numberHeadInputs`, E values of an earlier layer, then the F the model's head reads)
 * with digit labels or {@link NOT_A_DIGIT}, from `base` (the model's [F x 10] head; the E rows
 * start at zero and are kept near it).
 */
export function trainNumberHead(
  features: Float32Array,
  labels: ArrayLike<number>,
  base: DenseWeights,
  options: NumberHeadOptions = {},
): DenseWeights {
  const { epochs = 12, learningRate = 0.001, batchSize = 512, stay = 0.0001, seed = 5 } = options;
  const classes = NUMBER_HEAD_CLASSES;
  const width = base.bias.length;
  const baseSize = base.kernel.length / width;
  const size = options.rowSize ?? baseSize;
  const samples = labels.length;
  if (size < baseSize) throw new RangeError(`samples of ${size} values cannot hold the ${baseSize} features`);
  if (features.length !== samples * size)
    throw new RangeError(`${features.length} feature values for ${samples} samples of ${size}`);
  const leading = size - baseSize;
  const start = new Float32Array(size * classes);
  for (let f = 0; f < baseSize; f++)
    for (let c = 0; c < width; c++) start[(leading + f) * classes + c] = base.kernel[f * width + c] as number;
  const startBias = new Float32Array(classes);
  startBias.set(base.bias);
  const targets = Int32Array.from(labels, (label) => (label === NOT_A_DIGIT ? classes - 1 : label));
  if (targets.some((label) => label < 0 || label >= classes))
    throw new RangeError('labels must be digits or NOT_A_DIGIT');

  const anchor = tf.tensor2d(start, [size, classes]);
  const kernel = tf.variable(tf.tensor2d(start, [size, classes]));
  const bias = tf.variable(tf.tensor1d(startBias));
  const optimizer = tf.train.adam(learningRate);
  const random = createRandom(seed);
  const order = Array.from({ length: samples }, (_, i) => i);
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = samples - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j] as number, order[i] as number];
      }
      let total = 0;
      let batches = 0;
      for (let from = 0; from < samples; from += batchSize) {
        const rows = order.slice(from, from + batchSize);
        const x = new Float32Array(rows.length * size);
        rows.forEach((row, i) => x.set(features.subarray(row * size, (row + 1) * size), i * size));
        const loss = tf.tidy(() => {
          const xs = tf.tensor2d(x, [rows.length, size]);
          const ys = tf.oneHot(
            tf.tensor1d(
              Int32Array.from(rows, (row) => targets[row] as number),
              'int32',
            ),
            classes,
          );
          return optimizer.minimize(() => {
            const logits = tf.add(tf.matMul(xs, kernel), bias);
            const crossEntropy = tf.losses.softmaxCrossEntropy(ys, logits);
            return tf.add(crossEntropy, tf.mul(stay, tf.sum(tf.square(tf.sub(kernel, anchor))))) as tf.Scalar;
          }, true) as tf.Scalar;
        });
        total += loss.dataSync()[0] as number;
        batches++;
        loss.dispose();
      }
      options.onEpoch?.(epoch, total / Math.max(1, batches));
    }
    return {
      kernel: Float32Array.from(kernel.dataSync()),
      bias: Float32Array.from(bias.dataSync()),
    };
  } finally {
    tf.dispose([anchor, kernel, bias]);
    optimizer.dispose();
  }
}

/**
 * Per row of `features`, what `Predictor.predictParts` makes of the head's answer: its chance
 * that the row is one whole digit (1 - "not a digit") and its ten digit probabilities given one
 * (the softmax of the ten digit logits), the same on the CPU as there.
 */
export function partScores(
  features: Float32Array,
  head: DenseWeights,
): { wholeDigit: Float32Array; partProbabilities: Float32Array } {
  const classes = head.bias.length;
  const digits = classes - 1;
  const size = head.kernel.length / classes;
  const rows = features.length / size;
  const wholeDigit = new Float32Array(rows);
  const partProbabilities = new Float32Array(rows * digits);
  const logits = new Float64Array(classes);
  for (let r = 0; r < rows; r++) {
    logits.set(head.bias);
    for (let f = 0; f < size; f++) {
      const v = features[r * size + f] as number;
      if (v === 0) continue;
      for (let c = 0; c < classes; c++)
        logits[c] = (logits[c] as number) + v * (head.kernel[f * classes + c] as number);
    }
    let max = -Infinity;
    for (const l of logits) max = Math.max(max, l);
    let digitSum = 0;
    for (let c = 0; c < digits; c++) digitSum += Math.exp((logits[c] as number) - max);
    const none = Math.exp((logits[digits] as number) - max);
    wholeDigit[r] = 1 - none / (digitSum + none);
    for (let c = 0; c < digits; c++)
      partProbabilities[r * digits + c] = Math.exp((logits[c] as number) - max) / digitSum;
  }
  return { wholeDigit, partProbabilities };
}
