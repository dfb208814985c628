import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { loadMnist, PIXELS, type MnistSplit } from './mnist.ts';
import { setupTf } from './tf-setup.ts';
import { cosineRate, NOT_A_DIGIT, targetsOf, train, type TrainOptions } from './train-loop.ts';

function slice(split: MnistSplit, n: number): MnistSplit {
  return { images: split.images.subarray(0, n * PIXELS), labels: split.labels.subarray(0, n), count: n };
}

async function weights(model: TF.LayersModel): Promise<Float32Array[]> {
  return Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
}

describe('training loop', () => {
  it('targets: a digit is one-hot, a "no digit" sample equal shares, any other label an error', () => {
    const targets = targetsOf(Int32Array.from([3, NOT_A_DIGIT]));
    expect(Array.from(targets.subarray(0, 10))).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(targets.subarray(10, 20))).toEqual(new Array(10).fill(Math.fround(0.1)));
    expect(() => targetsOf(Int32Array.from([10]))).toThrow(RangeError);
  });

  it('follows a cosine schedule from the base rate', () => {
    expect(cosineRate(0.002, 0, 30)).toBe(0.002);
    expect(cosineRate(0.002, 15, 30)).toBeCloseTo(0.001, 10);
    expect(cosineRate(0.002, 30, 30)).toBe(1e-5);
  });

  it('is reproducible from its seed, logs every epoch and writes a checkpoint', async () => {
    await setupTf();
    const data = { train: slice(loadMnist('train'), 256), test: slice(loadMnist('test'), 200) };
    const options = (outDir: string, seed: number): TrainOptions => ({
      arch: 'deep',
      epochs: 2,
      batchSize: 64,
      learningRate: 0.002,
      seed,
      outDir,
      augment: true,
    });
    const silent = (): void => undefined;
    const dirA = mkdtempSync(join(tmpdir(), 'cifra-train-'));
    const unseeded = Math.random;
    const a = await train(options(dirA, 1), data, silent);
    const b = await train(options(mkdtempSync(join(tmpdir(), 'cifra-train-')), 1), data, silent);
    const c = await train(options(mkdtempSync(join(tmpdir(), 'cifra-train-')), 2), data, silent);
    expect(await weights(b.model)).toEqual(await weights(a.model));
    expect(await weights(c.model)).not.toEqual(await weights(a.model));
    expect(a.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(a.epochs[1]!.loss).toBeLessThan(a.epochs[0]!.loss);
    expect(readFileSync(join(dirA, 'epochs.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
    expect(existsSync(join(dirA, 'checkpoint', 'model.json'))).toBe(true);
    // Training swaps in a seeded Math.random for dropout and must put the original back.
    expect(Math.random).toBe(unseeded);
  });
});
