/**
 * The numbers generator (number-set.ts): reproducible from its seed, and its pictures are what
 * their labels say — touching digits share ink, separated ones never do, groups sit apart.
 */
import { describe, expect, it } from 'vitest';
import { createRandom, toLuma, type Box } from '@cifra/digits';
import { decodeImage } from '@cifra/image-decode';
import { loadMnist } from './mnist.ts';
import { NUMBER_KINDS, numberSet, renderNumber, type NumberPicture } from './number-set.ts';

const test = loadMnist('test');

/** Ink pixels of the picture: further from the paper's luma than a quarter of the way to the pen's. */
function inkMask(picture: NumberPicture): Uint8Array {
  const luma = toLuma(picture.image).data;
  const sorted = Float32Array.from(luma).sort();
  const paper = sorted[sorted.length >> 1] as number;
  const pen = picture.inverted ? (sorted[sorted.length - 1] as number) : (sorted[0] as number);
  return Uint8Array.from(luma, (v) => (Math.abs(v - paper) > 0.25 * Math.abs(pen - paper) ? 1 : 0));
}

/** 8-connected components of the ink: the columns each one covers, as [min, max]. */
function componentSpans(picture: NumberPicture): [number, number][] {
  const { width, height } = picture.image;
  const ink = inkMask(picture);
  const seen = new Uint8Array(ink.length);
  const spans: [number, number][] = [];
  for (let start = 0; start < ink.length; start++) {
    if (!ink[start] || seen[start]) continue;
    let lo = Infinity;
    let hi = -Infinity;
    const stack = [start];
    seen[start] = 1;
    while (stack.length) {
      const at = stack.pop() as number;
      const x = at % width;
      const y = (at - x) / width;
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          const next = ny * width + nx;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height || !ink[next] || seen[next]) continue;
          seen[next] = 1;
          stack.push(next);
        }
    }
    spans.push([lo, hi]);
  }
  return spans;
}

/**
 * Whether one stroke runs from left of digit i + 1's ink to right of digit i's: they touch. The
 * boxes are the strokes' cores; a margin of a twentieth of a digit allows for their soft edges.
 */
function joined(picture: NumberPicture, spans: [number, number][], i: number): boolean {
  const [before, after] = [picture.boxes[i], picture.boxes[i + 1]] as [Box, Box];
  const margin = Math.ceil(0.05 * Math.min(before.height, after.height));
  return spans.some(([lo, hi]) => lo < after.x - margin && hi >= before.x + before.width + margin);
}

describe('generated numbers', () => {
  it('are the same items from the same seed, and others from another', () => {
    const a = [...numberSet(test, 2, 5)];
    const b = [...numberSet(test, 2, 5)];
    const c = [...numberSet(test, 2, 6)];
    expect(a.map((item) => item.name)).toEqual(b.map((item) => item.name));
    expect(a.map((item) => item.bytes)).toEqual(b.map((item) => item.bytes));
    expect(c.map((item) => item.bytes)).not.toEqual(a.map((item) => item.bytes));
  });

  it('come in both kinds as PNG or JPEG pictures of 2-8 digits', () => {
    const items = [...numberSet(test, 20)];
    expect(items.map((item) => item.kind)).toEqual(Array.from({ length: 20 }, () => NUMBER_KINDS).flat());
    expect(new Set(items.map((item) => item.format))).toEqual(new Set(['png', 'jpeg']));
    for (const item of items) {
      expect(item.digits).toMatch(/^\d{2,8}$/);
      const magic = [...item.bytes.subarray(0, 2)];
      expect(magic).toEqual(item.format === 'png' ? [0x89, 0x50] : [0xff, 0xd8]);
      const image = decodeImage(item.bytes);
      expect(Math.min(image.width, image.height)).toBeGreaterThan(28);
    }
  });

  it('push touching digits together until their strokes join', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const picture = renderNumber(test, createRandom(seed), { kind: 'touching' });
      expect(picture.touching.length).toBeGreaterThan(0);
      const spans = componentSpans(picture);
      for (const i of picture.touching)
        expect(joined(picture, spans, i), `seed ${seed} pair ${i}`).toBe(true);
    }
  });

  it('keep separated digits apart: no stroke joins two of them', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const picture = renderNumber(test, createRandom(seed), { kind: 'separated' });
      expect(picture.touching).toEqual([]);
      const spans = componentSpans(picture);
      for (let i = 0; i + 1 < picture.digits.length; i++)
        expect(joined(picture, spans, i), `seed ${seed} pair ${i}`).toBe(false);
    }
  });

  it('record thousands groups, set apart by gaps half as wide again as any gap inside a group', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const picture = renderNumber(test, createRandom(seed), { kind: 'separated', length: 7, grouped: true });
      const [first, second, third] = picture.groups ?? [];
      expect(picture.groups).toEqual([first, second, third]);
      expect([first?.length, second?.length, third?.length]).toEqual([1, 3, 3]);
      expect(picture.groups?.join('')).toBe(picture.digits);
      const gaps = picture.boxes.slice(1).map((box, i) => {
        const before = picture.boxes[i] as { x: number; width: number };
        return box.x - (before.x + before.width);
      });
      const between = [gaps[0], gaps[3]] as number[];
      const inside = gaps.filter((_, i) => i !== 0 && i !== 3);
      expect(Math.min(...between), `seed ${seed}`).toBeGreaterThan(1.5 * Math.max(...inside));
    }
  });

  it('leave numbers under four digits, or told so, ungrouped', () => {
    for (let seed = 1; seed <= 10; seed++) {
      expect(renderNumber(test, createRandom(seed), { kind: 'separated', length: 3 }).groups).toBeUndefined();
      expect(
        renderNumber(test, createRandom(seed), { kind: 'touching', grouped: false }).groups,
      ).toBeUndefined();
    }
  });
});
