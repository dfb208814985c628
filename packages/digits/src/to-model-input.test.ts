import { describe, expect, it } from 'vitest';
import { InvalidImageError, NoInkError } from './errors.ts';
import { createRandom } from './random.ts';
import { drawStrokes, ring, seven, type DrawOptions } from './synthetic.ts';
import { INPUT_BYTES, toModelInput, type ModelInput } from './to-model-input.ts';
import type { PixelImage } from './image.ts';

/**
 * Mean absolute byte difference between two inputs, at the best relative shift of at most one
 * pixel: placement rounds the centre of mass to whole pixels, so the same digit drawn slightly
 * differently may legitimately land one pixel over. Placement itself is checked separately.
 */
function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let best = Infinity;
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      let sum = 0;
      for (let y = 0; y < 28; y++) {
        for (let x = 0; x < 28; x++) {
          const sx = x + dx;
          const sy = y + dy;
          const v = sx < 0 || sy < 0 || sx > 27 || sy > 27 ? 0 : (a[sy * 28 + sx] as number);
          sum += Math.abs(v - (b[y * 28 + x] as number));
        }
      }
      best = Math.min(best, sum / 784);
    }
  }
  return best;
}

/** Centre of mass in pixel-centre coordinates (pixel i spans i..i+1): MNIST's is at 14.5. */
function massCentre(input: ModelInput): { x: number; y: number } {
  let sum = 0;
  let sx = 0;
  let sy = 0;
  input.pixels.forEach((v, i) => {
    sum += v;
    sx += v * ((i % 28) + 0.5);
    sy += v * (Math.floor(i / 28) + 0.5);
  });
  return { x: sx / sum, y: sy / sum };
}

function inkBox(input: ModelInput): { width: number; height: number } {
  let x0 = 28;
  let y0 = 28;
  let x1 = -1;
  let y1 = -1;
  input.pixels.forEach((v, i) => {
    if (v === 0) return;
    const x = i % 28;
    const y = Math.floor(i / 28);
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  });
  return { width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

const base: DrawOptions = { width: 200, height: 200, strokes: [ring()], thickness: 16 };
const reference = toModelInput(drawStrokes(base));

describe('toModelInput', () => {
  it('produces the MNIST convention: 784 bytes, 20 px box, mass at the centre', () => {
    expect(reference.pixels).toHaveLength(INPUT_BYTES);
    expect(reference.floats).toHaveLength(INPUT_BYTES);
    expect(reference.floats[300]).toBeCloseTo((reference.pixels[300] as number) / 255, 6);
    expect(reference.inverted).toBe(true);
    const box = inkBox(reference);
    expect(Math.max(box.width, box.height)).toBe(20);
    expect(box.width).toBeLessThan(box.height);
    const c = massCentre(reference);
    expect(Math.abs(c.x - 14.5)).toBeLessThan(0.75);
    expect(Math.abs(c.y - 14.5)).toBeLessThan(0.75);
    expect(Math.max(...reference.pixels)).toBe(255);
  });

  it('reports the ink bounding box in the original picture', () => {
    // Ring spans x 0.22..0.78 and y 0.08..0.92 of the 200 px square, plus the stroke radius.
    expect(reference.box.x).toBeGreaterThanOrEqual(44 - 9);
    expect(reference.box.x).toBeLessThanOrEqual(44 - 6);
    expect(reference.box.height).toBeGreaterThan(168 + 10);
    expect(reference.box.height).toBeLessThan(168 + 20);
  });

  it('gives the same input for light ink on dark ground (no inversion)', () => {
    const out = toModelInput(drawStrokes({ ...base, ink: [240, 240, 240], paper: [20, 20, 20] }));
    expect(out.inverted).toBe(false);
    expect(meanAbsDiff(out.pixels, reference.pixels)).toBeLessThan(2);
  });

  it('handles coloured paper and ink (blue pen on yellow paper)', () => {
    const out = toModelInput(drawStrokes({ ...base, ink: [30, 40, 160], paper: [250, 230, 120] }));
    expect(out.inverted).toBe(true);
    expect(meanAbsDiff(out.pixels, reference.pixels)).toBeLessThan(3);
  });

  it('handles mid-grey paper with darker ink, and light ink on mid-grey', () => {
    const dark = toModelInput(drawStrokes({ ...base, ink: [60, 60, 60], paper: [140, 140, 140] }));
    const light = toModelInput(drawStrokes({ ...base, ink: [230, 230, 230], paper: [120, 120, 120] }));
    expect(dark.inverted).toBe(true);
    expect(light.inverted).toBe(false);
    expect(meanAbsDiff(dark.pixels, reference.pixels)).toBeLessThan(3);
    expect(meanAbsDiff(light.pixels, reference.pixels)).toBeLessThan(3);
  });

  it('follows an uneven background (paper darkening by 110 levels across the picture)', () => {
    const out = toModelInput(drawStrokes({ ...base, gradient: 110 }));
    expect(meanAbsDiff(out.pixels, reference.pixels)).toBeLessThan(3);
  });

  it('centres an off-centre digit', () => {
    // Same stroke width relative to the digit: 16 px at 200 → 13.6 px at 170.
    const out = toModelInput(
      drawStrokes({ ...base, width: 600, height: 400, at: [420, 210], size: 170, thickness: 13.6 }),
    );
    const c = massCentre(out);
    expect(Math.abs(c.x - 14.5)).toBeLessThan(0.75);
    expect(Math.abs(c.y - 14.5)).toBeLessThan(0.75);
    expect(meanAbsDiff(out.pixels, reference.pixels)).toBeLessThan(6);
  });

  it('handles a tiny digit (12 px picture) and a huge one (2400x1800)', () => {
    const tiny = toModelInput(drawStrokes({ ...base, width: 12, height: 12, thickness: 1.2 }));
    expect(Math.max(inkBox(tiny).width, inkBox(tiny).height)).toBe(20);
    expect(meanAbsDiff(tiny.pixels, reference.pixels)).toBeLessThan(30);
    // A two-segment "7" keeps rendering 4.3 megapixels cheap.
    const sevenRef = toModelInput(drawStrokes({ ...base, strokes: seven }));
    const huge = toModelInput(
      drawStrokes({ ...base, strokes: seven, width: 2400, height: 1800, thickness: 144 }),
    );
    expect(meanAbsDiff(huge.pixels, sevenRef.pixels)).toBeLessThan(10);
    expect(huge.box.width).toBeGreaterThan(1000);
  });

  it('ignores noise and specks', () => {
    const clean = drawStrokes({ ...base, width: 300, height: 300, strokes: seven, thickness: 18 });
    const expected = toModelInput(clean);
    const noisy = Uint8ClampedArray.from(clean.data);
    const random = createRandom(7);
    for (let p = 0; p < noisy.length; p += 4) {
      const n = (random() - 0.5) * 40;
      for (let c = 0; c < 3; c++) noisy[p + c] = (noisy[p + c] as number) + n;
    }
    // Two dust dots far from the digit.
    for (const [sx, sy] of [
      [10, 10],
      [285, 280],
    ] as const) {
      for (let y = sy; y < sy + 4; y++)
        for (let x = sx; x < sx + 4; x++) noisy.fill(0, (y * 300 + x) * 4, (y * 300 + x) * 4 + 3);
    }
    const out = toModelInput({ ...clean, data: noisy });
    expect(meanAbsDiff(out.pixels, expected.pixels)).toBeLessThan(8);
    expect(out.box.x).toBeGreaterThan(30);
  });

  it('accepts grey and RGB buffers and inferred channel counts', () => {
    const rgba = drawStrokes(base);
    const grey = new Uint8Array(200 * 200);
    const rgb = new Uint8Array(200 * 200 * 3);
    for (let i = 0; i < grey.length; i++) {
      grey[i] = rgba.data[i * 4] as number;
      rgb.set([grey[i] as number, grey[i] as number, grey[i] as number], i * 3);
    }
    expect(toModelInput({ width: 200, height: 200, data: grey }).pixels).toEqual(reference.pixels);
    expect(toModelInput({ width: 200, height: 200, data: rgb }).pixels).toEqual(reference.pixels);
  });

  it('composites transparent pixels on white', () => {
    const img = drawStrokes(base);
    const data = Uint8ClampedArray.from(img.data);
    // Turn the white paper fully transparent black: it must still read as white paper.
    for (let p = 0; p < data.length; p += 4) if (data[p] === 255) data.set([0, 0, 0, 0], p);
    expect(meanAbsDiff(toModelInput({ ...img, data }).pixels, reference.pixels)).toBeLessThan(1);
  });

  it('is deterministic', () => {
    expect(toModelInput(drawStrokes(base)).pixels).toEqual(reference.pixels);
  });

  it('throws NoInkError for blank, uniform and too faint pictures', () => {
    const blank = (w: number, h: number, v: number): PixelImage => ({
      width: w,
      height: h,
      data: new Uint8Array(w * h).fill(v),
    });
    expect(() => toModelInput(blank(100, 100, 255))).toThrow(NoInkError);
    expect(() => toModelInput(blank(100, 100, 0))).toThrow(NoInkError);
    expect(() => toModelInput(blank(1, 1, 0))).toThrow(NoInkError);
    const faint = drawStrokes({ ...base, ink: [245, 245, 245] });
    expect(() => toModelInput(faint)).toThrow(NoInkError);
  });

  it('handles degenerate sizes: a 1x5000 strip with a dark segment', () => {
    const data = new Uint8Array(5000).fill(255);
    data.fill(0, 2000, 3000);
    const out = toModelInput({ width: 1, height: 5000, data });
    expect(out.inverted).toBe(true);
    // Long pictures are first reduced to 512 px, so the box is exact to ~10 px.
    expect(out.box.height).toBeGreaterThanOrEqual(980);
    expect(out.box.height).toBeLessThanOrEqual(1020);
    const box = inkBox(out);
    expect(box).toEqual({ width: 1, height: 20 });
  });

  it('rejects buffers that do not describe a picture', () => {
    expect(() => toModelInput({ width: 10, height: 10, data: new Uint8Array(99) })).toThrow(
      InvalidImageError,
    );
    expect(() => toModelInput({ width: 0, height: 10, data: new Uint8Array(0) })).toThrow(InvalidImageError);
    expect(() => toModelInput({ width: 2, height: 2, data: new Uint8Array(8) })).toThrow(InvalidImageError);
  });
});
