/**
 * The training loop: seeded shuffling, augmentation through @cifra/digits, Adam with a
 * cosine learning-rate schedule, test accuracy logged after every epoch, a float32
 * checkpoint written after every epoch (so a stopped run still leaves its latest model).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { augmentDigit, createRandom, type Random } from '@cifra/digits';
import { PIXELS, type MnistSplit } from './mnist.ts';
import { buildModel, type Architecture } from './network.ts';
import { captureArtifacts, writeModelFiles } from './model-files.ts';
import { evaluate } from './evaluate.ts';
import { tf } from './tf-setup.ts';

export interface TrainOptions {
  arch: Architecture;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** Use only the first N training images (smoke runs). */
  limit?: number;
  outDir: string;
  augment: boolean;
  /** Continue training this model instead of building a new one (fine-tuning). */
  initialModel?: TF.LayersModel;
  /** More samples, ready model inputs (784 bytes each, never augmented), trained on in every
   * epoch next to MNIST's. A label of {@link NOT_A_DIGIT} trains towards equal probabilities
   * for all ten (outlier exposure: a fragment or two merged digits should not read as one). */
  extra?: MnistSplit;
}

/** The label of an extra sample that is no digit: its target is 0.1 for each of the ten. */
export const NOT_A_DIGIT = 255;

/** One-hot rows for digit labels; equal shares for {@link NOT_A_DIGIT}. */
export function targetsOf(labels: Int32Array): Float32Array {
  const targets = new Float32Array(labels.length * 10);
  labels.forEach((label, row) => {
    if (label === NOT_A_DIGIT) targets.fill(0.1, row * 10, row * 10 + 10);
    else if (label >= 0 && label <= 9) targets[row * 10 + label] = 1;
    else throw new RangeError(`label ${label} is neither a digit nor NOT_A_DIGIT`);
  });
  return targets;
}

export interface EpochLog {
  epoch: number;
  learningRate: number;
  loss: number;
  trainAccuracy: number;
  testAccuracy: number;
  seconds: number;
}

function shuffle(indices: Uint32Array, random: Random): void {
  for (let i = indices.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = indices[i] as number;
    indices[i] = indices[j] as number;
    indices[j] = t;
  }
}

export function cosineRate(base: number, epoch: number, epochs: number): number {
  return Math.max(1e-5, (base * (1 + Math.cos((Math.PI * epoch) / epochs))) / 2);
}

export async function train(
  opts: TrainOptions,
  data: { train: MnistSplit; test: MnistSplit },
  log: (line: string) => void,
): Promise<{ model: TF.LayersModel; epochs: EpochLog[] }> {
  // tfjs draws dropout masks from Math.random (a fixed layer `seed` would repeat one mask on
  // every step), so Math.random is a seeded generator while training, restored afterwards.
  const original = Math.random;
  Math.random = createRandom(opts.seed ^ 0x5eed);
  try {
    return await trainSeeded(opts, data, log);
  } finally {
    Math.random = original;
  }
}

async function trainSeeded(
  opts: TrainOptions,
  data: { train: MnistSplit; test: MnistSplit },
  log: (line: string) => void,
): Promise<{ model: TF.LayersModel; epochs: EpochLog[] }> {
  mkdirSync(opts.outDir, { recursive: true });
  const logFile = join(opts.outDir, 'epochs.jsonl');
  const random = createRandom(opts.seed);
  const model = opts.initialModel ?? buildModel(opts.arch, opts.seed);
  const optimizer = tf.train.adam(opts.learningRate);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  log(`model ${opts.arch}: ${model.countParams()} parameters`);
  const mnistCount = Math.min(opts.limit ?? data.train.count, data.train.count);
  const count = mnistCount + (opts.extra?.count ?? 0);
  // Indices from mnistCount on are the extra samples.
  const indices = Uint32Array.from({ length: count }, (_, i) => i);
  const source = new Float32Array(PIXELS);
  const epochs: EpochLog[] = [];
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const started = performance.now();
    const rate = cosineRate(opts.learningRate, epoch, opts.epochs);
    // Adam keeps its rate in a protected field; setting it keeps the moment estimates.
    (optimizer as unknown as { learningRate: number }).learningRate = rate;
    shuffle(indices, random);
    let lossSum = 0;
    let accSum = 0;
    let batches = 0;
    for (let start = 0; start + opts.batchSize <= count; start += opts.batchSize) {
      const xs = new Float32Array(opts.batchSize * PIXELS);
      const ys = new Int32Array(opts.batchSize);
      for (let b = 0; b < opts.batchSize; b++) {
        const idx = indices[start + b] as number;
        const isExtra = opts.extra !== undefined && idx >= mnistCount;
        const split = isExtra && opts.extra ? opts.extra : data.train;
        const at = isExtra ? idx - mnistCount : idx;
        const bytes = split.images.subarray(at * PIXELS, (at + 1) * PIXELS);
        for (let p = 0; p < PIXELS; p++) source[p] = (bytes[p] as number) / 255;
        xs.set(opts.augment && !isExtra ? augmentDigit(source, random) : source, b * PIXELS);
        ys[b] = split.labels[at] as number;
      }
      const [images, targets] = tf.tidy(() => [
        tf.tensor4d(xs, [opts.batchSize, 28, 28, 1]),
        tf.tensor2d(targetsOf(ys), [opts.batchSize, 10]),
      ]) as [TF.Tensor, TF.Tensor];
      const result = (await model.trainOnBatch(images, targets)) as number[];
      tf.dispose([images, targets]);
      lossSum += result[0] ?? NaN;
      accSum += result[1] ?? NaN;
      batches++;
    }
    const test = await evaluate(model, data.test);
    const entry: EpochLog = {
      epoch: epoch + 1,
      learningRate: rate,
      loss: lossSum / batches,
      trainAccuracy: accSum / batches,
      testAccuracy: test.accuracy,
      seconds: (performance.now() - started) / 1000,
    };
    epochs.push(entry);
    appendFileSync(logFile, `${JSON.stringify(entry)}\n`);
    log(
      `epoch ${entry.epoch}/${opts.epochs} lr ${rate.toExponential(2)} loss ${entry.loss.toFixed(4)} ` +
        `train ${(entry.trainAccuracy * 100).toFixed(2)}% test ${(entry.testAccuracy * 100).toFixed(2)}% ` +
        `${entry.seconds.toFixed(1)} s`,
    );
    writeModelFiles(join(opts.outDir, 'checkpoint'), await captureArtifacts(model));
  }
  return { model, epochs };
}
