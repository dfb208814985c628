import { describe, expect, it } from 'vitest';
import { augmentDigit, type AugmentOptions } from './augment.ts';
import { centreOfMass, morph3x3, similarityInverse, warpAffine } from './geometry.ts';
import { createRandom } from './random.ts';

const none: AugmentOptions = { rotate: 0, scale: 0, shear: 0, shift: 0, strokeProbability: 0 };

function square(): Float32Array {
  const img = new Float32Array(784);
  for (let y = 10; y < 18; y++) for (let x = 12; x < 16; x++) img[y * 28 + x] = 1;
  return img;
}

describe('augmentations', () => {
  it('leave the digit unchanged with all ranges at zero', () => {
    expect(augmentDigit(square(), createRandom(1), none)).toEqual(square());
  });

  it('are reproducible from the seed and differ between seeds', () => {
    const a = augmentDigit(square(), createRandom(3));
    expect(augmentDigit(square(), createRandom(3))).toEqual(a);
    expect(augmentDigit(square(), createRandom(4))).not.toEqual(a);
  });

  it('shift moves the centre of mass by the shift', () => {
    const img = { width: 28, height: 28, data: square() };
    const moved = warpAffine(img, similarityInverse(14, 14, 0, 1, 3, -2), 28, 28);
    const before = centreOfMass(img)!;
    const after = centreOfMass(moved)!;
    expect(after.x - before.x).toBeCloseTo(3, 5);
    expect(after.y - before.y).toBeCloseTo(-2, 5);
  });

  it('rotation by 90 degrees turns a tall bar into a wide one', () => {
    const img = { width: 28, height: 28, data: square() };
    const turned = warpAffine(img, similarityInverse(14, 14, Math.PI / 2, 1, 0, 0), 28, 28);
    let wide = 0;
    for (let x = 0; x < 28; x++) wide += turned.data[14 * 28 + x] as number;
    expect(wide).toBeCloseTo(8, 0);
  });

  it('stroke width: dilation grows ink, erosion shrinks it', () => {
    const img = { width: 28, height: 28, data: square() };
    const sum = (d: Float32Array): number => d.reduce((a, b) => a + b, 0);
    expect(sum(morph3x3(img, 'dilate').data)).toBe(10 * 6);
    expect(sum(morph3x3(img, 'erode').data)).toBe(6 * 2);
  });
});
