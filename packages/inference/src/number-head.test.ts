import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelManifest } from '@cifra/contracts';
import { ModelIntegrityError, UnsupportedModelError } from './errors.ts';
import { sha256Hex, type ModelFiles } from './model-files.ts';
import { loadPredictor, type Predictor } from './predictor.ts';
import { committedModel, sampleInputs } from './test-model.ts';

/** The committed model with its number head's file replaced by `bytes` (its manifest entry
 * updated to match, so only the number head's own check can refuse it). */
async function withNumberHeadFile(
  bytes: Uint8Array,
  change: (head: NonNullable<ModelManifest['numberHead']>) => ModelManifest['numberHead'] = (head) => head,
): Promise<ModelFiles> {
  const model = committedModel();
  const head = model.manifest.numberHead;
  if (!head) throw new Error('the committed model has no number head');
  const sha256 = await sha256Hex(bytes);
  const manifest: ModelManifest = {
    ...model.manifest,
    files: model.manifest.files.map((file) =>
      file.path === head.file ? { ...file, sha256, bytes: bytes.byteLength } : file,
    ),
  };
  const numberHead = change(head);
  if (numberHead) manifest.numberHead = numberHead;
  return { manifest, files: new Map([...model.files, [head.file, bytes]]) };
}

describe('number head', () => {
  let predictor: Predictor;
  const inputs = sampleInputs(10);
  beforeAll(async () => {
    await tf.setBackend('wasm');
    predictor = await loadPredictor(committedModel());
  });

  it('is part of the committed model: predictParts answers as predict, with each input’s chance of being one whole digit', async () => {
    expect(predictor.hasNumberHead).toBe(true);
    const plain = await predictor.predict(inputs);
    const parts = await predictor.predictParts(inputs);
    expect(parts.map((p) => p.probabilities)).toEqual(plain.map((p) => p.probabilities));
    expect(plain.every((p) => p.wholeDigit === undefined)).toBe(true);
    for (const { wholeDigit } of parts) {
      expect(wholeDigit).toBeGreaterThanOrEqual(0);
      expect(wholeDigit).toBeLessThanOrEqual(1);
    }
    // Pen-drawn whole digits: the head takes them for digits.
    expect(parts.filter((p) => (p.wholeDigit ?? 0) > 0.5).length).toBeGreaterThanOrEqual(8);
  });

  it('says which digit the head takes each input for, ten probabilities that sum to 1 and mostly agree with the model on whole digits', async () => {
    const parts = await predictor.predictParts(inputs);
    const plain = await predictor.predict(inputs);
    expect(plain.every((p) => p.partProbabilities === undefined)).toBe(true);
    for (const { partProbabilities } of parts) {
      expect(partProbabilities).toHaveLength(10);
      expect((partProbabilities ?? []).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    }
    const headTop = parts.map((p) =>
      (p.partProbabilities ?? []).indexOf(Math.max(...(p.partProbabilities ?? []))),
    );
    const agree = headTop.filter((digit, i) => digit === plain[i]?.digit).length;
    expect(agree).toBeGreaterThanOrEqual(8);
  });

  it('doubts two digits squeezed into one input and a lone stroke fragment', async () => {
    const [zero, one] = inputs as [Uint8Array, Uint8Array];
    // The left half of a 0 next to the right half of a 1, and a short bar in one corner.
    const pair = Uint8Array.from({ length: 784 }, (_, i) =>
      i % 28 < 14 ? (zero[i + 7] ?? 0) : (one[i - 7] ?? 0),
    );
    const bar = Uint8Array.from({ length: 784 }, (_, i) =>
      Math.floor(i / 28) === 4 && i % 28 < 10 ? 255 : 0,
    );
    const [whole] = await predictor.predictParts([zero]);
    const [pairAnswer, barAnswer] = await predictor.predictParts([pair, bar]);
    expect(pairAnswer?.wholeDigit).toBeLessThan(whole?.wholeDigit ?? 0);
    expect(barAnswer?.wholeDigit).toBeLessThan(0.5);
  });

  it('answers the same on cpu and wasm, and leaks no tensor', async () => {
    await tf.setBackend('cpu');
    const cpu = await predictor.predictParts(inputs);
    await tf.setBackend('wasm');
    const wasm = await predictor.predictParts(inputs);
    cpu.forEach((answer, i) => {
      expect(Math.abs((answer.wholeDigit ?? 0) - (wasm[i]?.wholeDigit ?? 1))).toBeLessThan(1e-5);
      answer.partProbabilities?.forEach((p, d) =>
        expect(Math.abs(p - (wasm[i]?.partProbabilities?.[d] ?? 2))).toBeLessThan(1e-5),
      );
    });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await predictor.predictParts(inputs.slice(0, 4));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is kept by a personal predictor, whose digits come from its own head', async () => {
    const { kernel, bias } = predictor.headWeights();
    // A head that always says 3: the number head still judges wholeness on the same features.
    const biased = Float32Array.from(bias, (value, i) => (i === 3 ? value + 100 : value));
    const personal = predictor.withHead({ id: 'p', baseVersion: predictor.version, kernel, bias: biased });
    const own = await personal.predictParts(inputs);
    const base = await predictor.predictParts(inputs);
    expect(own.every((p) => p.digit === 3)).toBe(true);
    own.forEach((answer, i) => expect(answer.wholeDigit).toBeCloseTo(base[i]?.wholeDigit ?? -1, 5));
    personal.dispose();
  });

  it('reads the second pooling’s maps besides the features: what it reads is those maps, flattened, then exactly the features', () => {
    expect(committedModel().manifest.numberHead?.reads).toBe('max_pooling2d_MaxPooling2D2');
    const read = predictor.numberHeadInputs(inputs);
    const features = predictor.headInputs(inputs);
    const pooled = predictor.numberHeadInputs(inputs, 'max_pooling2d_MaxPooling2D1');
    const alone = predictor.numberHeadInputs(inputs, null);
    try {
      expect(read.shape).toEqual([inputs.length, 5 * 5 * 64 + 864]);
      expect(pooled.shape).toEqual([inputs.length, 12 * 12 * 32 + 864]);
      expect(alone.shape).toEqual([inputs.length, 864]);
      const values = read.arraySync();
      const own = features.arraySync();
      values.forEach((row, i) => {
        expect(row.slice(5 * 5 * 64)).toEqual(own[i]);
        // ReLU maps of real ink: some of the early values are on.
        expect(row.slice(0, 5 * 5 * 64).some((v) => v > 0)).toBe(true);
      });
    } finally {
      tf.dispose([read, features, pooled, alone]);
    }
    expect(() => predictor.numberHeadInputs(inputs, 'no_such_layer')).toThrow(UnsupportedModelError);
  });

  it('refuses a number head that reads a layer the model lacks, or its output layer', async () => {
    const bytes = committedModel().files.get(committedModel().manifest.numberHead?.file ?? '') as Uint8Array;
    for (const reads of ['no_such_layer', 'dense_Dense1'])
      await expect(
        loadPredictor(await withNumberHeadFile(bytes, (head) => ({ ...head, reads }))),
      ).rejects.toThrow(/not a hidden layer/);
  });

  it('still loads a head on the features alone (as published before heads read earlier maps)', async () => {
    // A zero kernel and bias: every class equally likely, so 10/11 "one whole digit".
    const zeros = new Uint8Array(864 * 11 + 11);
    const model = await withNumberHeadFile(zeros, ({ reads: _reads, ...head }) => ({
      ...head,
      kernel: { ...head.kernel, shape: [864, 11], quantization: { dtype: 'uint8', min: 0, scale: 1 } },
      bias: { ...head.bias, quantization: { dtype: 'uint8', min: 0, scale: 1 } },
    }));
    const featuresOnly = await loadPredictor(model);
    const parts = await featuresOnly.predictParts(inputs.slice(0, 3));
    for (const part of parts) expect(part.wholeDigit).toBeCloseTo(10 / 11, 6);
    expect(parts.map((p) => p.probabilities)).toEqual(
      (await predictor.predict(inputs.slice(0, 3))).map((p) => p.probabilities),
    );
    featuresOnly.dispose();
  });

  it('without one, predictParts is predict', async () => {
    const model = committedModel();
    const { numberHead, ...manifest } = model.manifest;
    const files = new Map(model.files);
    files.delete(numberHead?.file ?? '');
    const plain = await loadPredictor({
      manifest: { ...manifest, files: manifest.files.filter((file) => file.path !== numberHead?.file) },
      files,
    });
    expect(plain.hasNumberHead).toBe(false);
    expect(await plain.predictParts(inputs)).toEqual(await plain.predict(inputs));
    plain.dispose();
  });

  it('refuses a number head whose file is not one of the manifest’s (so never checked)', async () => {
    const model = committedModel();
    const head = model.manifest.numberHead;
    const bytes = model.files.get(head?.file ?? '') as Uint8Array;
    const manifest = {
      ...model.manifest,
      files: model.manifest.files.filter((file) => file.path !== head?.file),
    };
    await expect(
      loadPredictor({ manifest, files: new Map([...model.files, [head?.file ?? '', bytes]]) }),
    ).rejects.toThrow(UnsupportedModelError);
  });

  it('refuses a number head file of the wrong size, of the wrong shape, or missing', async () => {
    const bytes = committedModel().files.get(committedModel().manifest.numberHead?.file ?? '') as Uint8Array;
    await expect(loadPredictor(await withNumberHeadFile(bytes.slice(1)))).rejects.toThrow(
      UnsupportedModelError,
    );
    await expect(
      loadPredictor(
        await withNumberHeadFile(bytes, (head) => ({
          ...head,
          kernel: { ...head.kernel, shape: [100, 11] },
        })),
      ),
    ).rejects.toThrow(UnsupportedModelError);
    const model = committedModel();
    const files = new Map(model.files);
    files.delete(model.manifest.numberHead?.file ?? '');
    await expect(loadPredictor({ ...model, files })).rejects.toThrow(ModelIntegrityError);
  });
});
