/**
 * The composed wasm gradients against the cpu backend's reference kernels, on random shapes,
 * paddings and values (relative error < 1e-4).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { createRandom } from '@cifra/digits';
import { setupTf, tf } from '../tf-setup.ts';

type Attrs = Record<string, unknown>;

async function onBackend(name: 'cpu' | 'wasm', fn: () => TF.Tensor): Promise<Float32Array> {
  await tf.setBackend(name);
  const out = fn();
  const data = (await out.data()) as Float32Array;
  out.dispose();
  return data;
}

function relativeError(actual: Float32Array, expected: Float32Array): number {
  let maxDiff = 0;
  let maxRef = 0;
  for (let i = 0; i < expected.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs((actual[i] as number) - (expected[i] as number)));
    maxRef = Math.max(maxRef, Math.abs(expected[i] as number));
  }
  return maxDiff / Math.max(maxRef, 1e-12);
}

const run = (name: string, inputs: Record<string, TF.Tensor>, attrs: Attrs) => (): TF.Tensor =>
  tf.engine().runKernel(name, inputs, attrs as unknown as TF.NamedAttrMap) as TF.Tensor;

describe('composed conv gradients on wasm', () => {
  beforeAll(async () => {
    await setupTf();
  });

  const random = createRandom(2024);
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const cases = Array.from({ length: 12 }, (_, i) => {
    const k = int(1, 5);
    const pad: 'valid' | 'same' | number = i % 3 === 0 ? 'valid' : i % 3 === 1 ? 'same' : int(0, 2);
    return { n: int(1, 3), h: int(k, 13), w: int(k, 13), c: int(1, 5), f: int(1, 6), k, pad };
  });

  for (const [i, s] of cases.entries()) {
    it(`case ${i}: x ${s.n}x${s.h}x${s.w}x${s.c}, filter ${s.k}x${s.k}x${s.c}x${s.f}, pad ${s.pad}`, async () => {
      const x = tf.randomNormal([s.n, s.h, s.w, s.c], 0, 1, 'float32', 10 + i);
      const filter = tf.randomNormal([s.k, s.k, s.c, s.f], 0, 1, 'float32', 50 + i);
      const y = tf.conv2d(x as TF.Tensor4D, filter as TF.Tensor4D, 1, s.pad);
      const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 90 + i);
      const common = { strides: [1, 1], pad: s.pad, dataFormat: 'NHWC', dilations: [1, 1] };
      const dwAttrs = { ...common, filterShape: filter.shape };
      const dxAttrs = { ...common, inputShape: x.shape };
      for (const [name, inputs, attrs] of [
        ['Conv2DBackpropFilter', { x, dy }, dwAttrs],
        ['Conv2DBackpropInput', { dy, filter }, dxAttrs],
      ] as const) {
        const expected = await onBackend('cpu', run(name, inputs, attrs));
        const actual = await onBackend('wasm', run(name, inputs, attrs));
        expect(actual.length).toBe(expected.length);
        expect(relativeError(actual, expected)).toBeLessThan(1e-4);
      }
      tf.dispose([x, filter, y, dy]);
    });
  }

  it('match tf.grads of a fused conv2d + relu layer (the path tfjs-layers takes)', async () => {
    const x = tf.randomNormal([2, 9, 9, 3], 0, 1, 'float32', 1);
    const w = tf.randomNormal([3, 3, 3, 4], 0, 1, 'float32', 2);
    const b = tf.randomNormal([4], 0, 1, 'float32', 3);
    const grads = async (backend: 'cpu' | 'wasm'): Promise<Float32Array[]> => {
      await tf.setBackend(backend);
      const g = tf.grads((a: TF.Tensor, f: TF.Tensor, c: TF.Tensor) =>
        tf.fused
          .conv2d({
            x: a as TF.Tensor4D,
            filter: f as TF.Tensor4D,
            strides: 1,
            pad: 'same',
            bias: c,
            activation: 'relu',
          })
          .square()
          .sum(),
      )([x, w, b]);
      const out = await Promise.all(g.map(async (t) => (await t.data()) as Float32Array));
      tf.dispose(g);
      return out;
    };
    const expected = await grads('cpu');
    const actual = await grads('wasm');
    expected.forEach((e, i) => expect(relativeError(actual[i] as Float32Array, e)).toBeLessThan(1e-4));
  });

  it('refuse strides they do not support instead of computing a wrong gradient', async () => {
    await tf.setBackend('wasm');
    const x = tf.ones([1, 6, 6, 1]);
    const dy = tf.ones([1, 3, 3, 1]);
    expect(() =>
      tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, {
        strides: [2, 2],
        pad: 'valid',
        dataFormat: 'NHWC',
        dilations: [1, 1],
        filterShape: [2, 2, 1, 1],
      } as unknown as TF.NamedAttrMap),
    ).toThrow(/stride 1/);
  });
});

describe('fast MaxPoolGrad on wasm', () => {
  it('routes gradients like the cpu reference (2x2 and 3x3 windows, ties included)', async () => {
    await setupTf();
    for (const [size, shape] of [
      [2, [2, 8, 8, 3]],
      [3, [1, 9, 6, 2]],
    ] as const) {
      // Rounded values create ties, which must go to the first maximum as on cpu.
      const x = tf.round(tf.randomNormal([...shape], 0, 2, 'float32', size));
      const y = tf.maxPool(x as TF.Tensor4D, size, size, 'valid');
      const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 7);
      const attrs = { filterSize: size, strides: size, pad: 'valid' };
      const expected = await onBackend('cpu', run('MaxPoolGrad', { dy, input: x, output: y }, attrs));
      const actual = await onBackend('wasm', run('MaxPoolGrad', { dy, input: x, output: y }, attrs));
      expect(relativeError(actual, expected)).toBeLessThan(1e-6);
      tf.dispose([x, y, dy]);
    }
  });
});
