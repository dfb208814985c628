import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { createRandom } from '@cifra/digits';
import { beforeAll, describe, expect, it } from 'vitest';
import { AnchorDigitsFormatError, readAnchorDigits, writeAnchorDigits } from './anchor-digits.ts';
import { PersonalHeadMismatchError } from './errors.ts';
import { personalHeadId } from './personal-head.ts';
import {
  headGradients,
  holdBackSamples,
  personalise,
  refusal,
  type AnchorDigits,
  type GuardReport,
  type LabelledInput,
} from './personalise.ts';
import { loadPredictor, type Predictor } from './predictor.ts';
import { committedAnchorBytes, committedModel, flaggedOne, plainSeven } from './test-model.ts';

// Five flagged 1s, each placed a little differently, as one person writes them.
const teachOnes: LabelledInput[] = (
  [
    [[-0.04, 0], 0],
    [[0.04, 0], 0],
    [[0, -0.03], 0],
    [[0, 0.03], 0],
    [[0.02, 0.02], 0.03],
  ] as const
).map(([shift, lift]) => ({ input: flaggedOne([...shift], lift), digit: 1 }));
// Others of the same hand, never taught.
const unseenOnes = [flaggedOne([0, 0]), flaggedOne([-0.02, 0.01]), flaggedOne([0.03, -0.02], 0.02)];

describe('personalise', () => {
  let predictor: Predictor;
  let anchors: AnchorDigits;
  beforeAll(async () => {
    await tf.setBackend('wasm');
    predictor = await loadPredictor(committedModel());
    anchors = readAnchorDigits(committedAnchorBytes());
  });

  it('teaches flagged 1s the base model reads as 7, keeps the head, and leaves plain 7s and the base alone', async () => {
    expect(predictor.predictSync(unseenOnes).map((p) => p.digit)).toEqual([7, 7, 7]);
    const before = tf.memory().numTensors;
    const result = await personalise(predictor, teachOnes, { anchors });
    // Nothing of the training stays on the backend.
    expect(tf.memory().numTensors).toBe(before);
    if (!result.accepted) throw new Error(`refused: ${result.reason}`);
    expect(result.trainedOn).toBe(4);
    expect(result.guard.heldOut.base.correct).toBe(0);
    expect(result.guard.heldOut.personal.correct).toBe(1);
    expect(result.head.baseVersion).toBe(predictor.version);
    expect(result.head.id).toBe(await personalHeadId(result.head.kernel, result.head.bias));

    const personal = predictor.withHead(result.head);
    try {
      expect(personal.personal).toBe(result.head.id);
      expect(personal.predictSync(unseenOnes).map((p) => p.digit)).toEqual([1, 1, 1]);
      expect(personal.predictSync([plainSeven(), plainSeven([0.03, 0])]).map((p) => p.digit)).toEqual([7, 7]);
      // The built-in check digits are still read as well as the base reads them.
      const check = anchors.check.map((a) => a.input);
      const right = (p: Predictor) =>
        p.predictSync(check).filter((answer, i) => answer.digit === anchors.check[i]?.digit).length;
      expect(right(personal)).toBeGreaterThanOrEqual(right(predictor) - 1);
    } finally {
      personal.dispose();
    }
    // The base predictor still answers as before.
    expect(predictor.predictSync(unseenOnes).map((p) => p.digit)).toEqual([7, 7, 7]);
    expect(predictor.personal).toBeUndefined();
  });

  it('is reproducible from its seed', async () => {
    const [a, b] = [
      await personalise(predictor, teachOnes, { anchors, seed: 7 }),
      await personalise(predictor, teachOnes, { anchors, seed: 7 }),
    ];
    expect(a.accepted && b.accepted && a.head.id === b.head.id).toBe(true);
  });

  it('refuses a harmful set: plain 7s filed as 1 would make it misread MNIST 7s', async () => {
    const mislabelled = Array.from({ length: 10 }, (_, i) => ({
      input: plainSeven([((i % 5) - 2) * 0.02, (Math.floor(i / 5) - 0.5) * 0.04]),
      digit: 1,
    }));
    const result = await personalise(predictor, mislabelled, { anchors });
    expect(result.accepted).toBe(false);
    if (!result.accepted) expect(result.reason).toBe('forgets');
  });

  it('refuses to train without a sample it can hold back', async () => {
    const one = [{ input: flaggedOne(), digit: 1 }];
    const result = await personalise(predictor, one, { anchors });
    expect(result).toMatchObject({ accepted: false, reason: 'too_few_samples', trainedOn: 0 });
  });

  it('refuses bad samples with a clear error', async () => {
    await expect(
      personalise(predictor, [{ input: new Uint8Array(10), digit: 1 }], { anchors }),
    ).rejects.toThrow(/784/);
    await expect(personalise(predictor, [{ input: flaggedOne(), digit: 10 }], { anchors })).rejects.toThrow(
      /not a digit/,
    );
  });

  it('trains on cpu as on wasm (the same code on every backend)', async () => {
    const heads: Float32Array[] = [];
    for (const backend of ['cpu', 'wasm']) {
      await tf.setBackend(backend);
      const result = await personalise(predictor, teachOnes, { anchors, steps: 30, copies: 4 });
      if (!result.accepted) throw new Error(`refused on ${backend}`);
      heads.push(result.head.kernel);
    }
    const [cpu, wasm] = heads as [Float32Array, Float32Array];
    const largest = cpu.reduce((max, value, i) => Math.max(max, Math.abs(value - (wasm[i] as number))), 0);
    expect(largest).toBeLessThan(1e-3);
  }, 60_000);
});

describe('the guard', () => {
  const score = (correct: number, count: number, loss: number) => ({ correct, count, loss });
  const guard = (
    heldOut: [number, number],
    heldLoss: [number, number],
    check: [number, number],
  ): GuardReport => ({
    heldOut: { base: score(heldOut[0], 5, heldLoss[0]), personal: score(heldOut[1], 5, heldLoss[1]) },
    check: { base: score(check[0], 300, 0.01), personal: score(check[1], 300, 0.01) },
  });

  it('keeps a head that reads more held-back samples right, or as many with a lower loss', () => {
    expect(refusal(guard([3, 5], [1, 0.1], [299, 299]), 0.005)).toBeUndefined();
    expect(refusal(guard([5, 5], [0.2, 0.1], [299, 298]), 0.005)).toBeUndefined();
  });

  it('refuses one that does not beat the base on the held-back samples', () => {
    expect(refusal(guard([5, 5], [0.1, 0.2], [299, 299]), 0.005)).toBe('no_gain');
    expect(refusal(guard([5, 4], [1, 0.1], [299, 299]), 0.005)).toBe('no_gain');
  });

  it('refuses one that loses more of the check digits than the slack allows', () => {
    expect(refusal(guard([3, 5], [1, 0.1], [299, 297]), 0.005)).toBe('forgets');
  });
});

describe('headGradients', () => {
  it('matches the slope of the loss measured by finite differences', async () => {
    await tf.setBackend('cpu');
    const random = createRandom(7);
    const rows = 3;
    const inputs = 4;
    const values = (count: number) => Array.from({ length: count }, () => random() * 2 - 1);
    const features = values(rows * inputs);
    const digits = [2, 0, 9];
    const rowWeights = [0.5, 0.3, 0.2];
    const baseKernel = values(inputs * 10);
    const baseBias = values(10);
    const kernelAt = baseKernel.map((v) => v + (random() - 0.5) * 0.4);
    const biasAt = baseBias.map((v) => v + (random() - 0.5) * 0.4);
    const stayClose = 1.5;
    // The loss in doubles, straight from its definition.
    const loss = (kernel: number[], bias: number[]): number => {
      let total = 0;
      for (let r = 0; r < rows; r++) {
        const logits = bias.map(
          (b, c) =>
            b +
            features
              .slice(r * inputs, (r + 1) * inputs)
              .reduce((sum, f, i) => sum + f * (kernel[i * 10 + c] as number), 0),
        );
        const top = Math.max(...logits);
        const logSum = top + Math.log(logits.reduce((sum, l) => sum + Math.exp(l - top), 0));
        total += (rowWeights[r] as number) * (logSum - (logits[digits[r] as number] as number));
      }
      const drift =
        kernel.reduce((sum, k, i) => sum + (k - (baseKernel[i] as number)) ** 2, 0) +
        bias.reduce((sum, b, i) => sum + (b - (baseBias[i] as number)) ** 2, 0);
      return total + stayClose * drift;
    };
    const kernel = tf.variable(tf.tensor2d(kernelAt, [inputs, 10]));
    const bias = tf.variable(tf.tensor1d(biasAt));
    const gradients = headGradients(
      tf.tensor2d(features, [rows, inputs]),
      tf.oneHot(tf.tensor1d(digits, 'int32'), 10) as tf.Tensor2D,
      tf.tensor1d(rowWeights),
      kernel,
      bias,
      tf.tensor2d(baseKernel, [inputs, 10]),
      tf.tensor1d(baseBias),
      stayClose,
    );
    const kernelSlope = await gradients.kernel.data();
    const biasSlope = await gradients.bias.data();
    const step = 1e-5;
    const measured = (values: number[], i: number, other: (v: number[]) => number) => {
      const up = values.slice();
      const down = values.slice();
      up[i] = (up[i] as number) + step;
      down[i] = (down[i] as number) - step;
      return (other(up) - other(down)) / (2 * step);
    };
    kernelAt.forEach((_, i) => {
      expect(kernelSlope[i]).toBeCloseTo(
        measured(kernelAt, i, (k) => loss(k, biasAt)),
        4,
      );
    });
    biasAt.forEach((_, i) => {
      expect(biasSlope[i]).toBeCloseTo(
        measured(biasAt, i, (b) => loss(kernelAt, b)),
        4,
      );
    });
    tf.dispose([kernel, bias, gradients.kernel, gradients.bias]);
    await tf.setBackend('wasm');
  });
});

describe('holdBackSamples', () => {
  it('holds back a share of each digit taught twice or more, never a digit taught once', () => {
    const samples = [
      ...Array.from({ length: 5 }, () => ({ input: new Uint8Array(784), digit: 1 })),
      ...Array.from({ length: 2 }, () => ({ input: new Uint8Array(784), digit: 4 })),
      { input: new Uint8Array(784), digit: 9 },
    ];
    const { train, heldOut } = holdBackSamples(samples, 0.2, createRandom(1));
    expect(heldOut.map((s) => s.digit).sort()).toEqual([1, 4]);
    expect(train.map((s) => s.digit).sort()).toEqual([1, 1, 1, 1, 4, 9]);
  });
});

describe('withHead', () => {
  it('refuses a head made for another model version or shape', async () => {
    const predictor = await loadPredictor(committedModel());
    const { kernel, bias } = predictor.headWeights();
    const head = { baseVersion: predictor.version, kernel, bias, id: 'x' };
    expect(() => predictor.withHead({ ...head, baseVersion: 'other' })).toThrow(PersonalHeadMismatchError);
    expect(() => predictor.withHead({ ...head, bias: new Float32Array(9) })).toThrow(
      PersonalHeadMismatchError,
    );
    // The base head itself answers exactly as the base model.
    const same = predictor.withHead(head);
    const input = [flaggedOne()];
    expect(same.predictSync(input)[0]?.probabilities).toEqual(predictor.predictSync(input)[0]?.probabilities);
    same.dispose();
  });
});

describe('anchor digits file', () => {
  it('reads back what it wrote, and the committed file holds training and check digits of every class', () => {
    const anchors = readAnchorDigits(committedAnchorBytes());
    expect(readAnchorDigits(writeAnchorDigits(anchors))).toEqual(anchors);
    for (const part of [anchors.train, anchors.check])
      for (let digit = 0; digit < 10; digit++)
        expect(part.filter((a) => a.digit === digit).length).toBeGreaterThan(0);
  });

  it('refuses a file that is not one, or is cut short', () => {
    const bytes = committedAnchorBytes();
    expect(() => readAnchorDigits(new Uint8Array(20))).toThrow(AnchorDigitsFormatError);
    expect(() => readAnchorDigits(bytes.slice(0, bytes.length - 1))).toThrow(AnchorDigitsFormatError);
  });
});
