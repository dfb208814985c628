/**
 * The inference core (fused plan, cropped input window, softmax in JS) answers exactly as the
 * tfjs LayersModel that training produced, on real MNIST test digits.
 */
import type * as TF from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadMnist, PIXELS } from './mnist.ts';
import { loadModelFromDir } from './model-files.ts';
import { loadCommittedPredictor, readCurrentManifest } from './predictor.ts';
import { setupTf, tf } from './tf-setup.ts';

describe('inference core vs the LayersModel', () => {
  it('agrees within 1e-5 on 500 MNIST test digits on wasm, 100 on cpu', async () => {
    const test = loadMnist('test');
    for (const [backend, count] of [
      ['wasm', 500],
      ['cpu', 100],
    ] as const) {
      const images = test.images.subarray(0, count * PIXELS);
      const inputs = Array.from({ length: count }, (_, i) => images.subarray(i * PIXELS, (i + 1) * PIXELS));
      const predictor = await loadCommittedPredictor(undefined, backend);
      const layers = await loadModelFromDir(readCurrentManifest().dir);
      const expected = tf.tidy(() =>
        (
          layers.predict(
            tf.tensor4d(
              Float32Array.from(images, (v) => v / 255),
              [count, 28, 28, 1],
            ),
          ) as TF.Tensor
        ).dataSync(),
      );
      const answers = await predictor.predict(inputs);
      let worst = 0;
      answers.forEach((answer, i) =>
        answer.probabilities.forEach(
          (p, d) => (worst = Math.max(worst, Math.abs(p - (expected[i * 10 + d] as number)))),
        ),
      );
      console.log(`${backend}: max |Δp| ${worst.toExponential(2)} over ${count} digits`);
      expect(worst).toBeLessThanOrEqual(1e-5);
      layers.dispose();
      predictor.dispose();
    }
    await setupTf('wasm');
  });
});
