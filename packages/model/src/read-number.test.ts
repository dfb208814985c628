/**
 * Reading whole numbers with the committed model (issue #12): the segmentation in
 * @cifra/digits with the real classifier choosing among its cuts, as the app, the edge and the
 * CLI run it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readNumber, synthetic, toModelInput, type PixelImage } from '@cifra/digits';
import type { Predictor } from '@cifra/inference';
import { loadMnist, PIXELS } from './mnist.ts';
import { loadCommittedPredictor } from './predictor.ts';

type Point = synthetic.Point;

let predictor: Predictor;
const test = loadMnist('test');

beforeAll(async () => {
  predictor = await loadCommittedPredictor();
});

const read = (image: PixelImage) => readNumber(image, (inputs) => predictor.predictParts(inputs));

/** MNIST test digits side by side on white: `gaps[i]` px between digit i and i + 1 (negative
 * pushes the next one into it), each tile shifted down by `drops[i]` px. */
function mnistNumber(indexes: number[], gaps: number[], drops: number[] = []): PixelImage {
  const width = indexes.length * 28 + gaps.reduce((a, b) => a + b, 0) + 24;
  const height = 48;
  const data = new Uint8Array(width * height).fill(255);
  let left = 12;
  indexes.forEach((index, i) => {
    const top = 10 + (drops[i] ?? 0);
    for (let y = 0; y < 28; y++)
      for (let x = 0; x < 28; x++) {
        const at = (top + y) * width + left + x;
        data[at] = Math.min(data[at] as number, 255 - (test.images[index * PIXELS + y * 28 + x] as number));
      }
    left += 28 + (gaps[i] ?? 0);
  });
  return { width, height, data, channels: 1 };
}

/** The first test images of each label. */
const firstOf = (label: number, skip = 0): number => {
  let seen = 0;
  for (let i = 0; i < test.count; i++) if (test.labels[i] === label && seen++ === skip) return i;
  throw new Error(`no ${label}`);
};

/** Pen strokes in unit squares placed side by side, as the pad draws them (black on white). */
function drawn(digits: Point[][][], offsets: number[], width = 560, height = 160): PixelImage {
  const size = 110;
  const strokes = digits.flatMap((digit, i) =>
    digit.map((stroke) => stroke.map(([x, y]) => [(offsets[i] as number) + x, y] as Point)),
  );
  return synthetic.drawStrokes({ width, height, strokes, thickness: 10, at: [10, 25], size });
}

const one: Point[][] = [
  [
    [0.55, 0.05],
    [0.5, 0.95],
  ],
];
const wideZero: Point[][] = [
  Array.from({ length: 49 }, (_, i) => {
    const t = (i / 48) * 2 * Math.PI;
    return [0.5 + 0.45 * Math.cos(t), 0.5 + 0.45 * Math.sin(t)] as Point;
  }),
];
/** A 4 whose bar stops short of the stem: two pieces of ink. */
const brokenFour: Point[][] = [
  [
    [0.45, 0.05],
    [0.15, 0.6],
    [0.55, 0.6],
  ],
  [
    [0.7, 0.25],
    [0.7, 0.95],
  ],
];

describe('reading numbers with the committed model', () => {
  it('reads separated MNIST digits left to right in one batch', async () => {
    const indexes = [2, 0, 1, 5, 3, 7].map((label) => firstOf(label));
    const image = mnistNumber(indexes, [4, 6, 3, 8, 5], [0, 2, -2, 1, 0, -1]);
    let batches = 0;
    const reading = await readNumber(image, (inputs) => {
      batches++;
      return predictor.predictParts(inputs);
    });
    expect(reading.number).toBe('201537');
    expect(batches).toBe(1);
    const centres = reading.digits.map((d) => d.box.x + d.box.width / 2);
    expect(centres).toEqual([...centres].sort((a, b) => a - b));
  });

  it('cuts a touching pair apart where the model is sure of both halves', async () => {
    // The 2 and the 3 pushed together until their strokes overlap.
    const image = mnistNumber([firstOf(2), firstOf(3), firstOf(8)], [-13, 5]);
    const reading = await read(image);
    expect(reading.number).toBe('238');
  });

  it('keeps a 1 next to a wide 0 apart', async () => {
    const reading = await read(drawn([one, wideZero, one, wideZero], [0, 0.75, 1.85, 2.6]));
    expect(reading.number).toBe('1010');
  });

  it('reads a 4 drawn in two pieces as one 4', async () => {
    const reading = await read(drawn([one, brokenFour, one], [0, 1.1, 2.3], 420));
    expect(reading.number).toBe('141');
  });

  it('ignores specks of noise', async () => {
    const clean = mnistNumber([firstOf(4), firstOf(9), firstOf(6)], [6, 6]);
    const noisy = { ...clean, data: clean.data.slice() };
    for (const [x, y] of [
      [2, 2],
      [60, 45],
      [100, 3],
    ] as const)
      noisy.data[y * clean.width + x] = 20;
    expect((await read(noisy)).number).toBe((await read(clean)).number);
    expect((await read(noisy)).number).toBe('496');
  });

  it('reads a single digit as the single-digit path does', async () => {
    for (const label of [0, 1, 7]) {
      const index = firstOf(label);
      const image = mnistNumber([index], []);
      const reading = await read(image);
      const [single] = await predictor.predict([toModelInput(image).pixels]);
      expect(reading.number).toBe(String(single?.digit));
      expect(reading.digits).toHaveLength(1);
    }
  });
});
