/**
 * Training augmentations on 28x28 model inputs (floats 0..1, ink bright): random rotation,
 * scale, shear, shift and stroke width, built on the same geometry as preprocessing. They
 * model what differs between MNIST and real drawings after toModelInput has normalised them.
 */
import { morph3x3, similarityInverse, warpAffine, type FloatImage } from './geometry.ts';
import { uniform, type Random } from './random.ts';

export interface AugmentOptions {
  /** Max rotation in degrees (either way). */
  rotate: number;
  /** Scale range, e.g. 0.1 → 0.9..1.1. */
  scale: number;
  /** Max shear (x += shear * y). */
  shear: number;
  /** Max shift in pixels on each axis. */
  shift: number;
  /** Probability of a thicker stroke, and of a thinner one. */
  strokeProbability: number;
}

export const defaultAugment: AugmentOptions = {
  rotate: 12,
  scale: 0.12,
  shear: 0.15,
  shift: 2.5,
  strokeProbability: 0.15,
};

export const MODEL_SIZE = 28;

/** Returns a new augmented 28x28 image; `pixels` (length 784, 0..1) is left untouched. */
export function augmentDigit(
  pixels: Float32Array,
  random: Random,
  opts: AugmentOptions = defaultAugment,
): Float32Array {
  const size = MODEL_SIZE;
  let img: FloatImage = { width: size, height: size, data: pixels };
  const angle = (uniform(random, -opts.rotate, opts.rotate) * Math.PI) / 180;
  const scale = 1 + uniform(random, -opts.scale, opts.scale);
  const shear = uniform(random, -opts.shear, opts.shear);
  const dx = uniform(random, -opts.shift, opts.shift);
  const dy = uniform(random, -opts.shift, opts.shift);
  img = warpAffine(img, similarityInverse(size / 2, size / 2, angle, scale, dx, dy, shear), size, size);
  const stroke = random();
  if (stroke < opts.strokeProbability) {
    img = blend(img, morph3x3(img, 'dilate'), 0.5);
  } else if (stroke < 2 * opts.strokeProbability) {
    img = blend(img, morph3x3(img, 'erode'), 0.5);
  }
  return img.data;
}

function blend(a: FloatImage, b: FloatImage, t: number): FloatImage {
  const out = new Float32Array(a.data.length);
  for (let i = 0; i < out.length; i++) out[i] = (a.data[i] as number) * (1 - t) + (b.data[i] as number) * t;
  return { width: a.width, height: a.height, data: out };
}
