/**
 * The numbers set (issue #12): MNIST test digits written side by side as one number of 2–8
 * digits, `separated` (2–10 px between digits at MNIST's 28 px size) or `touching` (at least
 * one neighbour pushed into the one before until their strokes cross), with baseline
 * and size jitter, sometimes wide gaps between groups ("12 345"), mostly dark on light, as PNG
 * or JPEG. Deterministic from its seed, so `npm run eval:numbers` can be reproduced.
 */
import {
  createRandom,
  similarityInverse,
  uniform,
  warpAffine,
  type Box,
  type FloatImage,
  type PixelImage,
  type Random,
} from '@cifra/digits';
import { encodeJpeg, encodePng } from './encode.ts';
import { IMAGE_SIZE, PIXELS, type MnistSplit } from './mnist.ts';

export const NUMBER_KINDS = ['separated', 'touching'] as const;
export type NumberKind = (typeof NUMBER_KINDS)[number];

/** The seed `npm run eval:numbers` and the tests use unless told otherwise. */
export const NUMBER_SEED = 1212;

/** Ink at or above this (MNIST's 64 of 255) counts as stroke for contact. */
export const CONTACT_INK = 64 / 255;
/** Two digits touch when, at one pixel, both are at least this much ink: their strokes cross. */
const STROKE_INK = 0.5;
/** Columns with ink above this bound a digit when spacing digits (its faint halo included). */
const LAYOUT_INK = 0.1;

export interface NumberPicture {
  kind: NumberKind;
  /** The number's digits, left to right. */
  digits: string;
  /** The digits of each group when wide gaps split the number ("12 345" → ["12", "345"]). */
  groups?: string[];
  /** RGBA picture. */
  image: PixelImage & { channels: 4 };
  /** Each digit's stroke box ({@link CONTACT_INK}) in the picture's pixels. */
  boxes: Box[];
  /** Indexes i where digit i and digit i + 1 were pushed together until their ink overlapped. */
  touching: number[];
  /** True when the ink is light on a dark ground. */
  inverted: boolean;
}

export interface NumberItem {
  name: string;
  kind: NumberKind;
  digits: string;
  groups?: string[];
  bytes: Uint8Array;
  format: 'png' | 'jpeg';
  /** Each written digit's ink box, left to right, in the picture's pixels. */
  boxes: Box[];
}

export interface NumberOptions {
  kind: NumberKind;
  /** Digits in the number (2–8 drawn when omitted). */
  length?: number;
  /** Split into thousands groups with wide gaps (drawn when omitted; needs 4+ digits). */
  grouped?: boolean;
  /** The picture's scale to MNIST's 28 px digits (drawn from 1–2.5 when omitted). */
  zoom?: number;
}

/** One digit scaled into its own tile and placed on the canvas at (x, y). */
interface Placed {
  tile: FloatImage;
  x: number;
  y: number;
  /** Ink columns of the tile (LAYOUT_INK): first and one past the last. */
  left: number;
  right: number;
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

const int = (random: Random, lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));

/** The MNIST digit scaled by `scale` into a tile of its own (MNIST's 0..255 → 0..1). */
function scaledTile(pixels: Uint8Array, scale: number): FloatImage {
  const side = Math.ceil(IMAGE_SIZE * scale);
  const shift = side / 2 - IMAGE_SIZE / 2;
  const inverse = similarityInverse(14, 14, 0, scale, shift, shift);
  const source = { width: IMAGE_SIZE, height: IMAGE_SIZE, data: Float32Array.from(pixels, (v) => v / 255) };
  return warpAffine(source, inverse, side, side);
}

function inkColumns(tile: FloatImage, threshold: number): { left: number; right: number } {
  let left = tile.width;
  let right = 0;
  for (let y = 0; y < tile.height; y++) {
    for (let x = 0; x < tile.width; x++) {
      if ((tile.data[y * tile.width + x] as number) > threshold) {
        left = Math.min(left, x);
        right = Math.max(right, x + 1);
      }
    }
  }
  return { left, right };
}

/** Whether the two placed digits share a canvas pixel where both are at least `level` ink. */
function inkOverlaps(a: Placed, b: Placed, level: number): boolean {
  const x0 = Math.max(a.x, b.x);
  const x1 = Math.min(a.x + a.tile.width, b.x + b.tile.width);
  const y0 = Math.max(a.y, b.y);
  const y1 = Math.min(a.y + a.tile.height, b.y + b.tile.height);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const va = a.tile.data[(y - a.y) * a.tile.width + (x - a.x)] as number;
      const vb = b.tile.data[(y - b.y) * b.tile.width + (x - b.x)] as number;
      if (va >= level && vb >= level) return true;
    }
  }
  return false;
}

/**
 * Moves `next` left from just clear of `previous` until their strokes' edges touch
 * ({@link CONTACT_INK}) and on until the strokes themselves cross ({@link STROKE_INK}), then
 * maybe 1 px further if they still cross there: an overlap of 1–3 px. Edges alone are not
 * enough: a faint one-pixel contact fades when the picture is resampled, and the digits no
 * longer touch. False (and `next` unmoved) when their columns would have to overlap by more
 * than a third of the narrower digit first: a 1 pushed into the hollow of a 3 until it meets
 * the 3's tips makes a B, not handwriting.
 */
function pushInto(previous: Placed, next: Placed, random: Random): boolean {
  const start = next.x;
  const limit = Math.max(1, (1 / 3) * Math.min(previous.right - previous.left, next.right - next.left));
  next.x = previous.x + previous.right - next.left;
  for (;;) {
    const overlap = previous.x + previous.right - (next.x + next.left);
    if (overlap > limit) {
      next.x = start;
      return false;
    }
    if (inkOverlaps(previous, next, STROKE_INK)) break;
    next.x--;
  }
  if (random() < 0.5) {
    next.x--;
    if (!inkOverlaps(previous, next, STROKE_INK)) next.x++;
  }
  return true;
}

/** Thousands groups of a digit string: "1234567" → ["1", "234", "567"]. */
function thousands(digits: string): string[] {
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= 3) groups.unshift(digits.slice(Math.max(0, end - 3), end));
  return groups;
}

/** Draws one number of MNIST test digits; the raw picture, for tests and the bench. */
export function renderNumber(test: MnistSplit, random: Random, options: NumberOptions): NumberPicture {
  const length = options.length ?? int(random, 2, 8);
  const grouped = length >= 4 && (options.grouped ?? random() < 0.25);
  if (length < (options.kind === 'touching' ? 2 : 1))
    throw new RangeError(`no ${options.kind} number of ${length} digits`);
  // A touching draw whose digits never meet within the overlap limit is drawn again.
  for (;;) {
    const picture = tryRender(test, random, options, length, grouped);
    if (picture) return picture;
  }
}

function tryRender(
  test: MnistSplit,
  random: Random,
  options: NumberOptions,
  length: number,
  grouped: boolean,
): NumberPicture | undefined {
  const { kind } = options;
  let digits = '';
  const placed: Placed[] = [];
  for (let i = 0; i < length; i++) {
    const index = Math.floor(random() * test.count);
    digits += String(test.labels[index]);
    const tile = scaledTile(
      test.images.subarray(index * PIXELS, (index + 1) * PIXELS),
      uniform(random, 0.85, 1.15),
    );
    placed.push({ tile, x: 0, y: 0, ...inkColumns(tile, LAYOUT_INK) });
  }
  const groups = grouped ? thousands(digits) : undefined;
  // Indexes of the digits that start a new group.
  const groupStarts = new Set<number>();
  let at = 0;
  for (const group of groups ?? []) {
    if (at > 0) groupStarts.add(at);
    at += group.length;
  }
  // Pairs to push together: one always, others now and then, never across a group gap.
  const pairs = Array.from({ length: length - 1 }, (_, i) => i).filter((i) => !groupStarts.has(i + 1));
  const toTouch = new Set<number>();
  if (kind === 'touching') {
    if (pairs.length === 0) return undefined;
    toTouch.add(pick(random, pairs));
    for (const i of pairs) if (random() < 0.25) toTouch.add(i);
  }

  const tallest = Math.max(...placed.map((p) => p.tile.height));
  const margin = int(random, 6, 16);
  const touching: number[] = [];
  let right = margin;
  placed.forEach((p, i) => {
    // The tiles' centres on one line, each moved up or down by up to 3 px (baseline jitter).
    p.y = margin + 3 + Math.round((tallest - p.tile.height) / 2) + int(random, -3, 3);
    const previous = placed[i - 1];
    const gap = groupStarts.has(i) ? int(random, 28, 40) : int(random, 2, 10);
    p.x = (previous ? right + gap : margin) - p.left;
    if (previous && toTouch.has(i - 1) && pushInto(previous, p, random)) touching.push(i - 1);
    right = Math.max(right, p.x + p.right);
  });
  if (kind === 'touching' && touching.length === 0) return undefined;

  const canvas: FloatImage = {
    width: right + margin,
    height: tallest + 2 * margin + 6,
    data: new Float32Array((right + margin) * (tallest + 2 * margin + 6)),
  };
  for (const p of placed) {
    for (let y = 0; y < p.tile.height; y++) {
      for (let x = 0; x < p.tile.width; x++) {
        // A tile's blank border may reach past the canvas; its ink never does.
        if (p.x + x < 0 || p.x + x >= canvas.width) continue;
        const at = (p.y + y) * canvas.width + p.x + x;
        // Pen over pen: where strokes cross the darker (stronger) one shows.
        canvas.data[at] = Math.max(canvas.data[at] as number, p.tile.data[y * p.tile.width + x] as number);
      }
    }
  }

  // Photographed or scanned at some size: the whole picture 1–2.5x MNIST's.
  const zoom = options.zoom ?? uniform(random, 1, 2.5);
  const width = Math.round(canvas.width * zoom);
  const height = Math.round(canvas.height * zoom);
  const ink = warpAffine(canvas, [1 / zoom, 0, 0, 0, 1 / zoom, 0], width, height);
  const boxes = placed.map((p) => {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (let y = 0; y < p.tile.height; y++) {
      for (let x = 0; x < p.tile.width; x++) {
        if ((p.tile.data[y * p.tile.width + x] as number) < CONTACT_INK) continue;
        x0 = Math.min(x0, p.x + x);
        y0 = Math.min(y0, p.y + y);
        x1 = Math.max(x1, p.x + x + 1);
        y1 = Math.max(y1, p.y + y + 1);
      }
    }
    const x = Math.floor(x0 * zoom);
    const y = Math.floor(y0 * zoom);
    return { x, y, width: Math.ceil(x1 * zoom) - x, height: Math.ceil(y1 * zoom) - y };
  });

  const inverted = random() < 0.2;
  const light: number[] = [uniform(random, 215, 255), uniform(random, 215, 255), uniform(random, 210, 250)];
  const dark: number[] = pick(random, [
    [uniform(random, 0, 50), uniform(random, 0, 50), uniform(random, 0, 60)], // black
    [uniform(random, 15, 45), uniform(random, 30, 70), uniform(random, 110, 170)], // blue pen
  ]);
  const [paper, pen] = inverted ? [dark, light] : [light, dark];
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const v = Math.min(1, (ink.data[i] as number) * 1.2);
    const grain = (random() - 0.5) * 8;
    for (let c = 0; c < 3; c++)
      rgba[i * 4 + c] = (paper[c] as number) * (1 - v) + (pen[c] as number) * v + grain;
    rgba[i * 4 + 3] = 255;
  }
  const picture: NumberPicture = {
    kind,
    digits,
    image: { width, height, data: rgba, channels: 4 },
    boxes,
    touching,
    inverted,
  };
  if (groups) picture.groups = groups;
  return picture;
}

/**
 * The 8-digit numbers the benches read: the same digits (seed {@link NUMBER_SEED}) separated and
 * touching, at MNIST's scale (~200 px wide), the set's largest (2.5x, ~500 px) and the app's
 * number pad (4.5x, ~900 x 300 px, ~100 px digits, which `planNumber` reads reduced).
 */
export function benchNumbers(test: MnistSplit): NumberPicture[] {
  return [1, 2.5, 4.5].flatMap((zoom) =>
    NUMBER_KINDS.map((kind) =>
      renderNumber(test, createRandom(NUMBER_SEED), { kind, length: 8, grouped: false, zoom }),
    ),
  );
}

/** `countPerKind` numbers of each kind, of test digits spread by the seed, as PNG or JPEG. */
export function* numberSet(
  test: MnistSplit,
  countPerKind: number,
  seed = NUMBER_SEED,
): Generator<NumberItem> {
  const random = createRandom(seed);
  for (let k = 0; k < countPerKind; k++) {
    for (const kind of NUMBER_KINDS) {
      const picture = renderNumber(test, random, { kind });
      const { width, height, data } = picture.image;
      const jpeg = random() < 0.5;
      const quality = Math.round(uniform(random, 70, 95));
      const bytes = jpeg ? encodeJpeg(data, width, height, quality) : encodePng(data, width, height);
      const item: NumberItem = {
        name: `${kind}-${String(k).padStart(4, '0')}-${picture.groups?.join('_') ?? picture.digits}.${jpeg ? 'jpg' : 'png'}`,
        kind,
        digits: picture.digits,
        bytes,
        format: jpeg ? 'jpeg' : 'png',
        boxes: picture.boxes,
      };
      if (picture.groups) item.groups = picture.groups;
      yield item;
    }
  }
}
