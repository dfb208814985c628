import { describe, expect, it } from 'vitest';
import { captureArtifacts } from './model-files.ts';
import { quantizeArtifacts, quantizeUint8 } from './quantize.ts';
import { buildModel } from './network.ts';
import { setupTf, tf } from './tf-setup.ts';
import type * as TF from '@tensorflow/tfjs';

describe('uint8 quantisation', () => {
  it('keeps zero exact and every value within half a step', () => {
    const values = Float32Array.from([-0.73, -0.1, 0, 0.0004, 0.25, 1.91]);
    const q = quantizeUint8(values);
    values.forEach((v, i) => {
      const back = (q.bytes[i] as number) * q.scale + q.min;
      expect(Math.abs(back - v)).toBeLessThanOrEqual(q.scale / 2 + 1e-7);
    });
    expect((q.bytes[2] as number) * q.scale + q.min).toBeCloseTo(0, 12);
  });

  it('handles constant tensors (all-zero biases)', () => {
    const q = quantizeUint8(new Float32Array(4));
    expect(Array.from(q.bytes, (b) => b * q.scale + q.min)).toEqual([0, 0, 0, 0]);
  });

  it('produces artifacts tfjs loads and dequantises to the same predictions', async () => {
    await setupTf();
    const model = buildModel('deep', 3);
    const artifacts = await captureArtifacts(model);
    const quantized = quantizeArtifacts(artifacts);
    expect((quantized.weightData as ArrayBuffer).byteLength * 4).toBe(
      (artifacts.weightData as ArrayBuffer).byteLength,
    );
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(quantized));
    const x = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 5);
    const a = (model.predict(x) as TF.Tensor).dataSync();
    const b = (loaded.predict(x) as TF.Tensor).dataSync();
    let maxDiff = 0;
    a.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - (b[i] as number)))));
    expect(maxDiff).toBeGreaterThan(0);
    expect(maxDiff).toBeLessThan(0.05);
  });
});
