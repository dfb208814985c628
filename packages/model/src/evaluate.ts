/**
 * Accuracy, per-class accuracy and the confusion matrix of a model on an MNIST split.
 */
import type * as TF from '@tensorflow/tfjs';
import { Predictor } from '@cifra/inference';
import { PIXELS, type MnistSplit } from './mnist.ts';
import { tf } from './tf-setup.ts';

export interface Evaluation {
  accuracy: number;
  correct: number;
  count: number;
  perClass: number[];
  /** confusion[label][predicted] */
  confusion: number[][];
}

/** Predicted digits for `n` images of 784 bytes, by a training model or the shipped predictor. */
async function classify(
  model: TF.LayersModel | Predictor,
  images: Uint8Array,
  n: number,
): Promise<ArrayLike<number>> {
  if (model instanceof Predictor) {
    const inputs = Array.from({ length: n }, (_, i) => images.subarray(i * PIXELS, (i + 1) * PIXELS));
    return (await model.predict(inputs)).map((p) => p.digit);
  }
  const predicted = tf.tidy(() => {
    const x = tf.tensor4d(
      Float32Array.from(images, (v) => v / 255),
      [n, 28, 28, 1],
    );
    return (model.predict(x) as TF.Tensor).argMax(-1);
  });
  const labels = await predicted.data();
  predicted.dispose();
  return labels;
}

export async function evaluate(
  model: TF.LayersModel | Predictor,
  split: MnistSplit,
  batchSize = 500,
): Promise<Evaluation> {
  const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  for (let start = 0; start < split.count; start += batchSize) {
    const n = Math.min(batchSize, split.count - start);
    const labels = await classify(model, split.images.subarray(start * PIXELS, (start + n) * PIXELS), n);
    for (let i = 0; i < n; i++) {
      const row = confusion[split.labels[start + i] as number] as number[];
      const p = labels[i] as number;
      row[p] = (row[p] as number) + 1;
    }
  }
  const correct = confusion.reduce((sum, row, i) => sum + (row[i] as number), 0);
  const perClass = confusion.map(
    (row, i) =>
      (row[i] as number) /
      Math.max(
        1,
        row.reduce((a, b) => a + b, 0),
      ),
  );
  return { accuracy: correct / split.count, correct, count: split.count, perClass, confusion };
}
