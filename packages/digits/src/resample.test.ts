import { describe, expect, it } from 'vitest';
import { createRandom } from './random.ts';
import { resizeArea } from './resample.ts';
import type { FloatImage } from './geometry.ts';

/**
 * The area resize as first written: per output pixel, the covered inputs' values times their
 * overlaps, summed in order from 0, divided by the ratio; rows first, then columns. The
 * optimised passes (three unrolled terms, the first term setting a sum, the last one added as
 * it is divided) must give these very numbers: preprocessing's bytes, the cache key, depend on
 * them.
 */
function referenceResize(img: FloatImage, width: number, height: number): Float32Array {
  const axis = (inLen: number, outLen: number) =>
    Array.from({ length: outLen }, (_, o) => {
      const ratio = inLen / outLen;
      const start = o * ratio;
      const end = start + ratio;
      const terms: [number, number][] = [];
      for (let i = Math.floor(start); i <= Math.min(inLen - 1, Math.ceil(end) - 1); i++)
        terms.push([i, Math.min(end, i + 1) - Math.max(start, i)]);
      return { ratio, terms };
    });
  const across = axis(img.width, width);
  const mid = new Float32Array(width * img.height);
  for (let y = 0; y < img.height; y++) {
    across.forEach(({ ratio, terms }, o) => {
      let sum = 0;
      for (const [i, cover] of terms) sum += (img.data[y * img.width + i] as number) * cover;
      mid[y * width + o] = sum / ratio;
    });
  }
  const out = new Float32Array(width * height);
  axis(img.height, height).forEach(({ ratio, terms }, o) => {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (const [y, cover] of terms) sum += (mid[y * width + x] as number) * cover;
      out[o * width + x] = sum / ratio;
    }
  });
  return out;
}

describe('resizeArea', () => {
  it('gives the very numbers of the plain area average when shrinking, by up to 2 and more, and when growing', () => {
    const random = createRandom(77);
    const sizes: [number, number, number, number][] = [
      [1000, 700, 512, 358], // a photo reduced to the working size: at most three inputs per output
      [37, 53, 20, 28],
      [300, 300, 20, 20], // many inputs per output
      [5, 9, 11, 13], // enlarging
      [1, 40, 1, 17],
      [64, 64, 64, 64],
    ];
    for (let k = 0; k < 40; k++) {
      const w = 1 + Math.floor(random() * 120);
      const h = 1 + Math.floor(random() * 120);
      sizes.push([w, h, 1 + Math.floor(random() * 60), 1 + Math.floor(random() * 60)]);
    }
    for (const [w, h, width, height] of sizes) {
      // Non-negative values, as luma and ink are.
      const img = { width: w, height: h, data: Float32Array.from({ length: w * h }, () => random() * 255) };
      expect(resizeArea(img, width, height).data, `${w}x${h} → ${width}x${height}`).toEqual(
        referenceResize(img, width, height),
      );
    }
  });
});
