/**
 * The notebook-paper set (issue #16): MNIST test digits written on squared, lined or plain
 * paper and photographed — rules in light blue or grey every 16–28 px, sometimes a red margin
 * line, the page turned by up to 2.5°, the digit 2–4.5 squares tall in blue or black pen,
 * uneven light, paper grain, mild blur, JPEG. Deterministic from its seed, so `npm run eval:paper` can be reproduced.
 */
import { createRandom, similarityInverse, uniform, warpAffine, type Random } from '@cifra/digits';
import { encodeJpeg } from './encode.ts';
import { PIXELS, type MnistSplit } from './mnist.ts';

export const PAPER_KINDS = ['squared', 'lined', 'plain'] as const;
export type PaperKind = (typeof PAPER_KINDS)[number];

/** The seed `npm run eval:paper` and the tests use unless told otherwise. */
export const PAPER_SEED = 1616;

export interface PaperPhoto {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel. */
  rgba: Uint8ClampedArray;
}

export interface PaperItem {
  name: string;
  label: number;
  kind: PaperKind;
  /** JPEG bytes. */
  bytes: Uint8Array;
}

type Rgb = [number, number, number];

const grey = (level: number): Rgb => [level, level, level + 4];

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** Coverage (0..1) of a rule of the given thickness centred at `centre`, at pixel `p`: the
 * overlap of the pixel [p, p+1) with [centre - t/2, centre + t/2). Anti-aliased like a photo. */
function ruleCoverage(p: number, centre: number, thickness: number): number {
  const lo = Math.max(p, centre - thickness / 2);
  const hi = Math.min(p + 1, centre + thickness / 2);
  return Math.max(0, hi - lo);
}

/** Coverage of the nearest of the periodic rules (phase, spacing) at pixel `p`. */
function periodicCoverage(p: number, phase: number, spacing: number, thickness: number): number {
  const k = Math.round((p + 0.5 - phase) / spacing);
  return ruleCoverage(p, phase + k * spacing, thickness);
}

/** Separable [1 2 1]/4 blur of one channel plane, `passes` times (mild camera blur). */
function blur(plane: Float32Array, width: number, height: number, passes: number): void {
  const tmp = new Float32Array(plane.length);
  for (let pass = 0; pass < passes; pass++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = y * width + x;
        const left = plane[x > 0 ? i - 1 : i] as number;
        const right = plane[x < width - 1 ? i + 1 : i] as number;
        tmp[i] = (left + 2 * (plane[i] as number) + right) / 4;
      }
    }
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = y * width + x;
        const up = tmp[y > 0 ? i - width : i] as number;
        const down = tmp[y < height - 1 ? i + width : i] as number;
        plane[i] = (up + 2 * (tmp[i] as number) + down) / 4;
      }
    }
  }
}

/**
 * One MNIST digit written on paper of the given kind and photographed. `pixels` is the 28x28
 * digit (0 background .. 255 ink).
 */
export function renderOnPaper(
  pixels: Uint8Array,
  kind: PaperKind,
  random: Random,
  options: {
    /** A square photo of this side (a whole page, the digit small in it) instead of one
     * framed around the digit. */
    side?: number;
  } = {},
): PaperPhoto {
  const spacing = uniform(random, 16, 28);
  // MNIST's digit box is 20 px of its 28: the digit is 2–4.5 squares tall.
  const digitHeight = spacing * uniform(random, 2, 4.5);
  const scale = digitHeight / 20;
  const width = options.side ?? Math.round(Math.max(digitHeight * uniform(random, 1.8, 3), 6 * spacing));
  const height = options.side ?? Math.round(Math.max(digitHeight * uniform(random, 1.6, 2.6), 5 * spacing));
  const angle = (uniform(random, -8, 8) * Math.PI) / 180;
  const cx = width / 2 + uniform(random, -0.12, 0.12) * width;
  const cy = height / 2 + uniform(random, -0.1, 0.1) * height;
  const inverse = similarityInverse(14, 14, angle, scale, cx - 14, cy - 14);
  const digit = warpAffine(
    { width: 28, height: 28, data: Float32Array.from(pixels, (v) => v / 255) },
    inverse,
    width,
    height,
  );

  const paper: Rgb = [uniform(random, 232, 255), uniform(random, 230, 252), uniform(random, 220, 245)];
  const rule: Rgb = pick(random, [
    [uniform(random, 140, 185), uniform(random, 180, 215), uniform(random, 220, 245)], // light blue
    grey(uniform(random, 150, 195)),
  ]);
  const ruleStrength = uniform(random, 0.55, 1);
  const ruleThickness = uniform(random, 0.8, 2);
  const phaseX = uniform(random, 0, spacing);
  const phaseY = uniform(random, 0, spacing);
  // The page is rarely photographed level: the rules (and margin) turn by up to 2.5°.
  const tilt = Math.tan((uniform(random, -2.5, 2.5) * Math.PI) / 180);
  const margin = kind !== 'plain' && random() < 0.5 ? uniform(random, 0.04, 0.22) * width : null;
  const marginColour: Rgb = [uniform(random, 200, 235), uniform(random, 60, 110), uniform(random, 70, 120)];
  const pen: Rgb = pick(random, [
    [uniform(random, 15, 45), uniform(random, 30, 70), uniform(random, 110, 170)], // blue ballpoint
    [uniform(random, 10, 45), uniform(random, 10, 45), uniform(random, 15, 50)], // black
  ]);
  // Pen pressure and the upscaled digit's soft edge: ink opacity from MNIST's grey levels.
  const opacity = uniform(random, 1.1, 1.6);
  // Light falls unevenly: a gradient and a soft shadow from one side.
  const gradientX = uniform(random, -0.15, 0.15);
  const gradientY = uniform(random, -0.15, 0.15);
  const shadow = random() < 0.4 ? uniform(random, 0.1, 0.3) : 0;

  const planes = [0, 1, 2].map(() => new Float32Array(width * height));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      // Page coordinates of this pixel, turned by the tilt about the picture's corner.
      const pageY = y - tilt * x;
      const pageX = x + tilt * y;
      const horizontal = kind === 'plain' ? 0 : periodicCoverage(pageY, phaseY, spacing, ruleThickness);
      const vertical = kind === 'squared' ? periodicCoverage(pageX, phaseX, spacing, ruleThickness) : 0;
      const ruled = Math.min(1, Math.max(horizontal, vertical)) * ruleStrength;
      const marginCover = margin === null ? 0 : Math.min(1, ruleCoverage(pageX, margin, 2.2) * 1.2);
      const ink = Math.min(1, (digit.data[i] as number) * opacity);
      const u = x / width - 0.5;
      const v = y / height - 0.5;
      const light = 1 + gradientX * u + gradientY * v - shadow * Math.max(0, u + v) ** 2;
      for (let c = 0; c < 3; c++) {
        let value = paper[c] as number;
        value = value * (1 - ruled) + (rule[c] as number) * ruled;
        value = value * (1 - marginCover) + (marginColour[c] as number) * marginCover;
        value = value * (1 - ink) + (pen[c] as number) * ink;
        (planes[c] as Float32Array)[i] = value * light;
      }
    }
  }
  const passes = Math.floor(uniform(random, 0, 2.5));
  for (const plane of planes) blur(plane, width, height, passes);
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const grain = (random() - 0.5) * 10;
    for (let c = 0; c < 3; c++) rgba[i * 4 + c] = ((planes[c] as Float32Array)[i] as number) + grain;
    rgba[i * 4 + 3] = 255;
  }
  return { width, height, rgba };
}

/** `countPerKind` photos of each paper kind, of test digits spread by the seed. */
export function* paperSet(test: MnistSplit, countPerKind: number, seed = PAPER_SEED): Generator<PaperItem> {
  const random = createRandom(seed);
  for (let k = 0; k < countPerKind; k++) {
    for (const kind of PAPER_KINDS) {
      const index = Math.floor(random() * test.count);
      const label = test.labels[index] as number;
      const photo = renderOnPaper(test.images.subarray(index * PIXELS, (index + 1) * PIXELS), kind, random);
      const quality = Math.round(uniform(random, 60, 92));
      yield {
        name: `${kind}-${String(k).padStart(4, '0')}-mnist${index}-label${label}-q${quality}.jpg`,
        label,
        kind,
        bytes: encodeJpeg(photo.rgba, photo.width, photo.height, quality),
      };
    }
  }
}
