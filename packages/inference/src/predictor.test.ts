import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from './errors.ts';
import { loadPredictor, type Predictor } from './predictor.ts';
import { committedModel, sampleInputs } from './test-model.ts';

const maxDifference = (a: number[][], b: number[][]) =>
  Math.max(...a.flatMap((row, i) => row.map((value, j) => Math.abs(value - (b[i]?.[j] ?? NaN)))));

describe('predictor', () => {
  let predictor: Predictor;
  const inputs = sampleInputs(24);
  beforeAll(async () => {
    predictor = await loadPredictor(committedModel());
  });

  it('answers identically (within 1e-5) on the cpu and wasm backends, batched or one at a time', async () => {
    const answers: Record<string, number[][]> = {};
    for (const backend of ['cpu', 'wasm']) {
      expect(await tf.setBackend(backend)).toBe(true);
      const batch = await predictor.predict(inputs);
      const single = await Promise.all(inputs.map(async (input) => (await predictor.predict([input]))[0]));
      expect(
        maxDifference(
          batch.map((p) => p.probabilities),
          single.map((p) => p?.probabilities ?? []),
        ),
      ).toBeLessThan(1e-5);
      answers[backend] = batch.map((p) => p.probabilities);
    }
    expect(maxDifference(answers.cpu ?? [], answers.wasm ?? [])).toBeLessThan(1e-5);
    // The inputs are not all the same digit: the test would not notice a constant answer.
    const digits = new Set((await predictor.predict(inputs)).map((p) => p.digit));
    expect(digits.size).toBeGreaterThan(2);
  });

  it('takes bytes (0–255) and floats (0–1) alike', async () => {
    await tf.setBackend('wasm');
    const bytes = inputs.slice(0, 4);
    const floats = bytes.map((input) => Float32Array.from(input, (value) => value / 255));
    const [a, b] = [await predictor.predict(bytes), predictor.predictSync(floats)];
    expect(
      maxDifference(
        a.map((p) => p.probabilities),
        b.map((p) => p.probabilities),
      ),
    ).toBeLessThan(1e-6);
  });

  it('uploads weights once per backend and leaks no tensor per prediction', async () => {
    await tf.setBackend('wasm');
    await predictor.predict(inputs.slice(0, 1));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) await predictor.predict(inputs.slice(0, 3));
    predictor.predictSync(inputs.slice(0, 2));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses an input of the wrong size and answers an empty batch with nothing', async () => {
    await expect(predictor.predict([new Uint8Array(783)])).rejects.toThrow(InvalidInputError);
    expect(await predictor.predict([])).toEqual([]);
  });

  it('frees every weight on dispose', async () => {
    const own = await loadPredictor(committedModel());
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    await own.predict(inputs.slice(0, 1));
    await tf.setBackend('wasm');
    await own.predict(inputs.slice(0, 1));
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    own.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
