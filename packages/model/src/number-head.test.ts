import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '@cifra/digits';
import { NUMBER_HEAD_CLASSES, partScores, trainNumberHead } from './number-head.ts';
import { setupTf } from './tf-setup.ts';
import { NOT_A_DIGIT } from './train-loop.ts';

/** Features of 8 dimensions: digit d lights dimension d % 4 with sign by d < 4 (a base head
 * reads that); "not a digit" lights dimensions 4–7, which the base head ignores. */
function sample(label: number, random: () => number): Float32Array {
  const x = Float32Array.from({ length: 8 }, () => (random() - 0.5) * 0.2);
  if (label === NOT_A_DIGIT) for (let i = 4; i < 8; i++) x[i] = (x[i] as number) + 2;
  else x[label % 4] = (x[label % 4] as number) + (label < 4 ? 2 : -2);
  return x;
}

const logits = (kernel: Float32Array, bias: Float32Array, x: Float32Array, classes: number): number[] =>
  Array.from({ length: classes }, (_, c) =>
    x.reduce((sum, v, f) => sum + v * (kernel[f * classes + c] as number), bias[c] as number),
  );
const argmax = (values: number[]) => values.indexOf(Math.max(...values));

describe('trainNumberHead', () => {
  beforeAll(async () => {
    await setupTf('cpu');
  });

  it('learns "not a digit" from features the base head ignores, and keeps reading the digits', () => {
    const random = createRandom(1);
    // A base head for digits 0–7 (8 and 9 never occur): +2/-2 on dimension d % 4.
    const kernel = new Float32Array(8 * 10);
    for (let d = 0; d < 8; d++) kernel[(d % 4) * 10 + d] = d < 4 ? 2 : -2;
    const base = { kernel, bias: new Float32Array(10) };
    const labels = Array.from({ length: 600 }, (_, i) => (i % 3 === 0 ? NOT_A_DIGIT : i % 8));
    const features = new Float32Array(labels.length * 8);
    labels.forEach((label, i) => features.set(sample(label, random), i * 8));
    const head = trainNumberHead(features, labels, base, { epochs: 30, batchSize: 64, learningRate: 0.05 });
    expect(head.kernel).toHaveLength(8 * NUMBER_HEAD_CLASSES);
    expect(head.bias).toHaveLength(NUMBER_HEAD_CLASSES);
    const check = createRandom(2);
    for (const label of [0, 1, 2, 3, 4, 5, 6, 7, NOT_A_DIGIT]) {
      const read = argmax(logits(head.kernel, head.bias, sample(label, check), NUMBER_HEAD_CLASSES));
      expect(read).toBe(label === NOT_A_DIGIT ? NUMBER_HEAD_CLASSES - 1 : label);
    }
  });

  it('starts from the base head on the features, after an earlier layer’s values that start at zero', () => {
    const kernel = Float32Array.from({ length: 8 * 10 }, (_, i) => i + 1);
    const bias = Float32Array.from({ length: 10 }, (_, i) => -i);
    const head = trainNumberHead(
      new Float32Array(2 * 11),
      [1, NOT_A_DIGIT],
      { kernel, bias },
      {
        rowSize: 11,
        epochs: 0,
      },
    );
    expect(head.kernel).toHaveLength(11 * NUMBER_HEAD_CLASSES);
    // Rows 0–2 (the earlier layer) zero; rows 3–10 the base head's, "not a digit" column zero.
    expect(Array.from(head.kernel.subarray(0, 3 * NUMBER_HEAD_CLASSES))).toEqual(new Array(33).fill(0));
    for (let f = 0; f < 8; f++)
      expect(Array.from(head.kernel.subarray((3 + f) * 11, (4 + f) * 11))).toEqual([
        ...kernel.subarray(f * 10, (f + 1) * 10),
        0,
      ]);
    expect(Array.from(head.bias)).toEqual([...bias, 0]);
  });

  it('refuses features that do not match the labels, and labels that are no class', () => {
    const base = { kernel: new Float32Array(8 * 10), bias: new Float32Array(10) };
    expect(() => trainNumberHead(new Float32Array(7), [1], base)).toThrow(RangeError);
    // Twice the samples' features are not wider rows: the width is said, not guessed.
    expect(() => trainNumberHead(new Float32Array(16), [1], base)).toThrow(RangeError);
    expect(() => trainNumberHead(new Float32Array(7), [1], base, { rowSize: 7 })).toThrow(RangeError);
    expect(() => trainNumberHead(new Float32Array(8), [42], base)).toThrow(RangeError);
  });
});

describe('partScores', () => {
  it('is one minus the softmax share of "not a digit", and the softmax of the ten digits alone, row by row', () => {
    const random = createRandom(3);
    const size = 8;
    const head = {
      kernel: Float32Array.from({ length: size * NUMBER_HEAD_CLASSES }, () => random() * 2 - 1),
      bias: Float32Array.from({ length: NUMBER_HEAD_CLASSES }, () => random() - 0.5),
    };
    // Rows with zeros in them, as ReLU features have.
    const rows = [sample(3, random), sample(NOT_A_DIGIT, random), new Float32Array(size)];
    rows[0]![5] = 0;
    const features = new Float32Array(rows.length * size);
    rows.forEach((row, i) => features.set(row, i * size));
    const { wholeDigit, partProbabilities } = partScores(features, head);
    expect(wholeDigit).toHaveLength(rows.length);
    expect(partProbabilities).toHaveLength(rows.length * 10);
    rows.forEach((row, i) => {
      const exps = logits(head.kernel, head.bias, row, NUMBER_HEAD_CLASSES).map((v) => Math.exp(v));
      const all = exps.reduce((a, b) => a + b, 0);
      const digits = all - (exps[NUMBER_HEAD_CLASSES - 1] as number);
      expect(wholeDigit[i]).toBeCloseTo(1 - (exps[NUMBER_HEAD_CLASSES - 1] as number) / all, 5);
      for (let d = 0; d < 10; d++)
        expect(partProbabilities[i * 10 + d]).toBeCloseTo((exps[d] as number) / digits, 5);
    });
  });
});
