import { describe, expect, it } from 'vitest';
import { NoInkError } from './errors.ts';
import { inkMap, isDarkOnLight } from './ink.ts';
import { toLuma, type PixelImage } from './image.ts';
import { findRuling, removeRuling } from './ruling.ts';
import { drawStrokes, ring, seven, type Point } from './synthetic.ts';
import { toModelInput } from './to-model-input.ts';

type Rgb = readonly [number, number, number];

interface Paper {
  /** Horizontal rules every this many pixels, starting at `offset`. */
  lines?: number;
  /** Vertical rules too (squared paper). */
  squares?: boolean;
  offset?: number;
  /** A red margin line at this x. */
  margin?: number;
  rule?: Rgb;
  ruleWidth?: number;
  /** The page turned by this many degrees (the rules lean; the digit is drawn as it is). */
  tilt?: number;
}

const LIGHT_BLUE: Rgb = [165, 200, 235];
const BLUE_PEN: Rgb = [25, 45, 150];

/**
 * Strokes in a blue pen on white paper with the given ruling under them: the rules are drawn
 * first, the ink over them, as on a real page.
 */
function onPaper(
  strokes: Point[][],
  paper: Paper,
  size = 240,
  thickness = 12,
  at?: Point,
  unit = size * 0.7,
): PixelImage {
  const drawing = drawStrokes({ width: size, height: size, strokes, thickness, at, size: unit });
  const data = new Uint8ClampedArray(size * size * 4);
  const offset = paper.offset ?? 7;
  const ruleWidth = paper.ruleWidth ?? 2;
  const rule = paper.rule ?? LIGHT_BLUE;
  const onRule = (p: number, every: number) => ((((p - offset) % every) + every) % every < ruleWidth ? 1 : 0);
  const lean = Math.tan(((paper.tilt ?? 0) * Math.PI) / 180);
  /** A turned page's rules, anti-aliased as a camera sees them: coverage of the nearest
   * rule (centred ruleWidth / 2 after each multiple of the spacing) at page coordinate `at`. */
  const leaning = (at: number, every: number) => {
    const phase = (((at - offset - ruleWidth / 2) % every) + every) % every;
    return Math.max(0, Math.min(1, ruleWidth / 2 - Math.min(phase, every - phase) + 0.5));
  };
  const coverage = lean === 0 ? onRule : leaning;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const p = (y * size + x) * 4;
      const ink = 1 - (drawing.data[p] as number) / 255;
      const pageX = lean === 0 ? x : x + lean * y + 0.5;
      const pageY = lean === 0 ? y : y - lean * x + 0.5;
      const ruled = paper.lines
        ? Math.max(coverage(pageY, paper.lines), paper.squares ? coverage(pageX, paper.lines) : 0)
        : 0;
      const margin =
        paper.margin === undefined ? 0 : Math.max(0, Math.min(1, 1.5 - Math.abs(pageX - paper.margin - 1)));
      for (let c = 0; c < 3; c++) {
        const ground =
          ((c === 2 ? 246 : 250) * (1 - ruled) + (rule[c] as number) * ruled) * (1 - margin) +
          ([225, 80, 90][c] as number) * margin;
        data[p + c] = ground * (1 - ink) + (BLUE_PEN[c] as number) * ink;
      }
      data[p + 3] = 255;
    }
  }
  return { width: size, height: size, data, channels: 4 };
}

/** Mean absolute difference of two model inputs, per byte. */
function difference(a: PixelImage, b: PixelImage): number {
  const x = toModelInput(a).pixels;
  const y = toModelInput(b).pixels;
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += Math.abs((x[i] as number) - (y[i] as number));
  return sum / x.length;
}

/** The ink's box in the picture, as toModelInput found it, within a pixel or two of plain
 * paper's (a stroke's anti-aliased tips on a rule lose a little). */
function expectSameBox(ruled: PixelImage, plain: PixelImage): void {
  const a = toModelInput(ruled).box;
  const b = toModelInput(plain).box;
  for (const key of ['x', 'y', 'width', 'height'] as const)
    expect(Math.abs(a[key] - b[key])).toBeLessThanOrEqual(2);
}

const one: Point[][] = [
  [
    [0.5, 0.05],
    [0.5, 0.95],
  ],
];

describe('notebook ruling', () => {
  it('squared paper gives the model what plain paper gives it', () => {
    const plain = onPaper(seven, {});
    const squared = onPaper(seven, { lines: 22, squares: true });
    expect(difference(squared, plain)).toBeLessThan(3);
    expectSameBox(squared, plain);
  });

  it('lined paper with a red margin gives the model what plain paper gives it', () => {
    const plain = onPaper([ring()], {});
    const lined = onPaper([ring()], { lines: 26, margin: 30 });
    expect(difference(lined, plain)).toBeLessThan(3);
    expectSameBox(lined, plain);
  });

  it('squared paper photographed 2° off level, and lined paper 3° the other way, go too', () => {
    const plain = onPaper(seven, {});
    const squared = onPaper(seven, { lines: 22, squares: true, tilt: 2 });
    expectSameBox(squared, plain);
    expect(difference(squared, plain)).toBeLessThan(5);
    const lined = onPaper(seven, { lines: 26, margin: 30, tilt: -3 });
    expectSameBox(lined, plain);
    expect(difference(lined, plain)).toBeLessThan(5);
  });

  it('a page of squared paper with nothing written on it is blank (no_ink), not a picture of its grid', () => {
    const empty = onPaper([], { lines: 22, squares: true, margin: 30 });
    expect(() => toModelInput(empty)).toThrow(NoInkError);
  });

  it('grey rules on squared paper go too', () => {
    const plain = onPaper(seven, {});
    const grey = onPaper(seven, { lines: 17, squares: true, rule: [170, 170, 172], ruleWidth: 1 });
    expect(difference(grey, plain)).toBeLessThan(3);
  });

  it('a 7 whose bar lies along a rule keeps its bar', () => {
    // A thin pen: the bar (at 0.1 of the 168 px unit, placed at y = 32) covers rows 29..34,
    // and the rule every 24 px from row 31 runs right inside it.
    const at: Point = [36, 32 - 0.1 * 168];
    const plain = onPaper(seven, {}, 240, 6, at, 168);
    const lined = onPaper(seven, { lines: 24, offset: 31 }, 240, 6, at, 168);
    // Along the rule's own rows, the bar's ink is all there (x 80..150 of its 70..170).
    const { ink } = inkMap(toLuma(lined));
    for (const y of [31, 32]) {
      const row = ink.data.subarray(y * ink.width + 80, y * ink.width + 150);
      expect(row.every((v) => v > 0.5)).toBe(true);
    }
    expectSameBox(lined, plain);
    expect(difference(lined, plain)).toBeLessThan(3);
  });

  it('a 1 lying along a vertical rule survives', () => {
    // The stroke runs down x = 120; the squares' rules every 20 px from x = 119 run inside it.
    const plain = onPaper(one, {});
    const squared = onPaper(one, { lines: 20, squares: true, offset: 119 });
    expectSameBox(squared, plain);
    expect(difference(squared, plain)).toBeLessThan(3);
  });

  it('a stroke crossing the rules stays connected', () => {
    const lined = onPaper(one, { lines: 20, offset: 3, ruleWidth: 3 });
    const { ink } = inkMap(toLuma(lined));
    // Down the middle of the stroke, every row from its top to its bottom has ink, the rows of
    // the rules it crosses included.
    const column = Array.from({ length: ink.height }, (_, y) => ink.data[y * ink.width + 120] as number);
    const top = column.findIndex((v) => v > 0);
    const bottom = column.length - 1 - [...column].reverse().findIndex((v) => v > 0);
    expect(bottom - top).toBeGreaterThan(140);
    expect(column.slice(top, bottom + 1).every((v) => v > 0.5)).toBe(true);
  });

  it('finds the rules in both directions, and takes them out', () => {
    const squared = onPaper(seven, { lines: 22, squares: true });
    const luma = toLuma(squared);
    // Oriented ink in grey levels, as inkMap has it before normalising.
    const ink = Float32Array.from(luma.data, (v) => Math.max(0, 250 - v));
    const ruling = findRuling(ink, luma.width, luma.height);
    expect(ruling).not.toBeNull();
    const ruled = (levels: Float32Array) => [...levels].flatMap((v, i) => (v > 0 ? [i] : []));
    expect(ruled(ruling?.rows ?? new Float32Array())).toEqual([
      7, 8, 29, 30, 51, 52, 73, 74, 95, 96, 117, 118, 139, 140, 161, 162, 183, 184, 205, 206, 227, 228,
    ]);
    expect(ruled(ruling?.columns ?? new Float32Array())).toEqual(ruled(ruling?.rows ?? new Float32Array()));
    const max = removeRuling(ink, luma.width, luma.height, ruling!);
    expect(max).toBeGreaterThan(150); // the pen is still there
    // Away from the digit, nothing is left of the rules.
    expect(ink.subarray(0, luma.width * 20).every((v) => v < 10)).toBe(true);
  });

  it('takes no pen stroke for a rule, even one running across the whole picture', () => {
    // A tightly cropped 7 in a thin pen: its bar runs off both edges, as thin as a rule.
    const tight = drawStrokes({
      width: 120,
      height: 160,
      strokes: seven,
      thickness: 5,
      at: [-40, 0],
      size: 200,
    });
    const luma = toLuma(tight);
    const ink = Float32Array.from(luma.data, (v) => 255 - v);
    expect(findRuling(ink, luma.width, luma.height)).toBeNull();
  });

  it('takes no line stopping short of the edges for a rule', () => {
    // A light bar over nearly all of the width (6..114 of 120) and a dark stem: the bar is as
    // light as a rule, but rules run off the page.
    const bar = drawStrokes({
      width: 120,
      height: 160,
      strokes: [
        [
          [0.06, 0.2],
          [0.94, 0.2],
        ],
      ],
      thickness: 4,
      size: 100,
      at: [0, 0],
      ink: [150, 150, 150],
    });
    const luma = toLuma(bar);
    const ink = Float32Array.from(luma.data, (v) => 255 - v);
    expect(findRuling(ink, luma.width, luma.height)).toBeNull();
  });

  it('tells dark ink from light on a photo whose corners are a fifth darker than its middle', () => {
    // A thin ring on a page vignetted as phone cameras do: the border rule alone reads the
    // brighter middle as light ink (its dark and light sides come within 2x of each other).
    const size = 200;
    const drawing = drawStrokes({
      width: size,
      height: size,
      strokes: [ring()],
      thickness: 5,
      size: 110,
      at: [45, 45],
    });
    const photo = new Uint8ClampedArray(drawing.data);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const fromCentre = ((x - size / 2) ** 2 + (y - size / 2) ** 2) / (size / 2) ** 2 / 2; // 1 at the corners
        const p = (y * size + x) * 4;
        for (let c = 0; c < 3; c++) photo[p + c] = (drawing.data[p + c] as number) * (1 - 0.2 * fromCentre);
      }
    }
    const picture = { width: size, height: size, data: photo, channels: 4 as const };
    expect(isDarkOnLight(toLuma(picture))).toBe(true);
    expect(toModelInput(picture).inverted).toBe(true);
  });

  it('keeps the border rule for strokes as thick as a marker, which fill most of some cells', () => {
    // A 50 px stroke on 280 px: cell by cell it looks like light paper around dark "ground".
    for (const dark of [true, false]) {
      const picture = drawStrokes({
        width: 280,
        height: 280,
        strokes: [ring()],
        thickness: 50,
        ink: dark ? [0, 0, 0] : [255, 255, 255],
        paper: dark ? [255, 255, 255] : [0, 0, 0],
      });
      expect(isDarkOnLight(toLuma(picture))).toBe(dark);
    }
  });
});
