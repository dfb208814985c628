import { describe, expect, it } from 'vitest';
import type { PixelImage } from './image.ts';
import { lumaInto } from './luma.ts';

/** A 7 x 3 picture of varied pixels with `channels` per pixel, starting `pad` bytes into its buffer. */
function picture(channels: 1 | 3 | 4, pad = 0): PixelImage {
  const bytes = new Uint8Array(pad + 7 * 3 * channels);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37 + 11) % 256;
  return { width: 7, height: 3, channels, data: bytes.subarray(pad) };
}

describe('lumaInto', () => {
  it.each([
    ['grey', 1, 0],
    ['RGB', 3, 0],
    ['RGBA', 4, 0],
    ['RGBA off a 4-byte boundary', 4, 1],
  ] as const)(
    'reads every stride-th pixel of %s as the same values as one pixel at a time',
    (_, channels, pad) => {
      const image = picture(channels, pad);
      const one = new Float32Array(1);
      const expected = [7, 9, 11, 13].map((pixel) => {
        lumaInto(image, channels, pixel, 1, one);
        return one[0] as number;
      });
      const sampled = new Float32Array(5);
      lumaInto(image, channels, 7, 4, sampled, 1, 2);
      expect(Array.from(sampled)).toEqual([0, ...expected]);
      // The values differ from pixel to pixel, so a wrong stride could not pass.
      expect(new Set(expected).size).toBe(4);
    },
  );
});
