/**
 * packages/digits' preprocessing against MNIST itself: an MNIST digit is already in the
 * convention, so passing it through toModelInput again must change it little, and the
 * model must still read it.
 */
import { describe, expect, it } from 'vitest';
import { toModelInput } from '@cifra/digits';
import { loadMnist, PIXELS } from './mnist.ts';
import { loadCommittedPredictor } from './predictor.ts';

describe('toModelInput on MNIST test digits', () => {
  it('changes MNIST digits little and keeps them readable', async () => {
    const test = loadMnist('test');
    const count = 1000;
    let diff = 0;
    const inputs: Float32Array[] = [];
    for (let i = 0; i < count; i++) {
      const image = test.images.subarray(i * PIXELS, (i + 1) * PIXELS);
      const out = toModelInput({ width: 28, height: 28, data: image });
      expect(out.inverted).toBe(false);
      for (let p = 0; p < PIXELS; p++) diff += Math.abs((out.pixels[p] as number) - (image[p] as number));
      inputs.push(out.floats);
    }
    const meanAbsDiff = diff / (count * PIXELS);
    console.log(`mean abs difference after re-preprocessing: ${meanAbsDiff.toFixed(2)} / 255`);
    expect(meanAbsDiff).toBeLessThan(3);
    const predictor = await loadCommittedPredictor();
    const score = (batch: Float32Array[]): number =>
      predictor.predictSync(batch).filter((p, i) => p.digit === test.labels[i]).length / count;
    const direct = score(
      Array.from({ length: count }, (_, i) =>
        Float32Array.from(test.images.subarray(i * PIXELS, (i + 1) * PIXELS), (v) => v / 255),
      ),
    );
    const again = score(inputs);
    console.log(`accuracy on these digits: as stored ${direct}, re-preprocessed ${again}`);
    expect(again).toBeGreaterThanOrEqual(direct - 0.003);
  });
});
