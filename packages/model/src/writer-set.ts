/**
 * One-writer sets (issue #13): the digits of one person who writes in a consistent manner of
 * their own, drawn dark on white on a 280x280 pad as the app's drawing pad takes them. By
 * default the writer's 1 has a long flag, the 7 is crossed, the 4 is open and the 9 has a
 * straight stem: the committed model, taught on MNIST, reads about half of such 1s as 7. Each
 * sample varies naturally (the line smoothly bent, the digit a little turned, scaled, moved,
 * the pen thicker or thinner). Deterministic from its seed, for the personalisation tests and
 * `npm run eval:personal`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRandom, synthetic, toModelInput, uniform, type PixelImage, type Random } from '@cifra/digits';
import { encodePng } from './encode.ts';

/** The seed `npm run eval:personal` and the tests use unless told otherwise. */
export const WRITER_SEED = 1313;

/** The pad's side in pixels, as the app's drawing pad. */
export const PAD_SIZE = 280;

/** A point in unit coordinates of the pad: (0, 0) top left, (1, 1) bottom right. */
export type WriterPoint = readonly [number, number];
/** One pen stroke: a polyline through unit points. */
export type WriterStroke = WriterPoint[];

export interface Writer {
  seed: number;
  /** Whether this writer has the four unusual traits (flagged 1, crossed 7, open 4, straight 9). */
  traits: boolean;
  /** One template per digit 0–9: the strokes of that digit in this writer's manner. */
  templates: WriterStroke[][];
  /** Shear: how far the top lies right of the bottom, per unit of height. */
  slant: number;
  /** Width relative to the templates' width. */
  aspect: number;
  /** Pen width in pad pixels. */
  thickness: number;
}

export interface WriterOptions {
  /** False: the same writer with ordinary MNIST-like 1s, 7s, 4s and 9s (a control). Default true. */
  traits?: boolean;
}

export interface WriterSample {
  digit: number;
  /** The 784-byte model input (toModelInput's `pixels`). */
  input: Uint8Array;
  /** The pad picture, dark ink on white, as one grey channel: the same luma as RGBA in a
   * quarter of the memory (a set of a thousand pictures stays under 80 MB). */
  image: PixelImage & { channels: 1 };
}

export interface WriterSetOptions {
  seed?: number;
  teachPerDigit: number;
  evalPerDigit: number;
  traits?: boolean;
}

export interface WriterSet {
  writer: Writer;
  teach: WriterSample[];
  eval: WriterSample[];
}

/** Mixes numbers into one 32-bit seed (murmur3's finaliser per part): mulberry32 streams of
 * nearby seeds are shifted copies of one another, so each (seed, part) must land far away. */
function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

const STYLE_STREAM = 0x57;
const TEACH_STREAM = 0x7e;
const EVAL_STREAM = 0xe7;

// ---- Template shapes --------------------------------------------------------------------

/** Points on an ellipse from angle `from` to `to` (radians; y grows downwards, so π/2 is the
 * bottom and -π/2 the top). */
function arc(cx: number, cy: number, rx: number, ry: number, from: number, to: number, steps: number) {
  return Array.from({ length: steps + 1 }, (_, i): WriterPoint => {
    const a = from + ((to - from) * i) / steps;
    return [cx + rx * Math.cos(a), cy + ry * Math.sin(a)];
  });
}

/** A straight line cut in pieces, so the per-sample bend can curve it a little. */
function line(a: WriterPoint, b: WriterPoint, pieces = 4): WriterPoint[] {
  return Array.from({ length: pieces + 1 }, (_, i): WriterPoint => {
    const t = i / pieces;
    return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
  });
}

/** A quadratic Bézier curve from a to b pulled towards c. */
function curve(a: WriterPoint, c: WriterPoint, b: WriterPoint, steps = 10): WriterPoint[] {
  return Array.from({ length: steps + 1 }, (_, i): WriterPoint => {
    const t = i / steps;
    const u = 1 - t;
    return [u * u * a[0] + 2 * u * t * c[0] + t * t * b[0], u * u * a[1] + 2 * u * t * c[1] + t * t * b[1]];
  });
}

/** One stroke through the parts in order (a part's first point repeating the last is dropped). */
function stroke(...parts: WriterPoint[][]): WriterStroke {
  const out: WriterPoint[] = [];
  for (const part of parts) {
    for (const p of part) {
      const last = out[out.length - 1];
      if (!last || Math.hypot(last[0] - p[0], last[1] - p[1]) > 1e-6) out.push(p);
    }
  }
  return out;
}

const PI = Math.PI;
/** The writer's hand as a whole, which a template may need to keep its look on the pad. */
type Hand = Pick<Writer, 'traits' | 'slant' | 'aspect' | 'thickness'>;
type Template = (r: Random, hand: Hand) => WriterStroke[];

/** Each digit drawn roughly within x 0.28–0.72, y 0.15–0.85, in one of a few manners with the
 * writer's own proportions. Each draws from its own stream, so turning the traits off leaves
 * the other digits as they were. */
const TEMPLATES: Template[] = [
  // 0: an oval from the top, round either way, closing with a small overlap, perhaps leaning.
  (r) => {
    const rx = uniform(r, 0.15, 0.23);
    const ry = uniform(r, 0.32, 0.35);
    const start = -PI / 2 + uniform(r, -0.4, 0.4);
    const turn = (r() < 0.7 ? -1 : 1) * (2 * PI + uniform(r, 0.1, 0.4));
    const lean = uniform(r, -0.12, 0.12);
    const oval = arc(0.5, 0.5, rx, ry, start, start + turn, 26);
    return [oval.map(([x, y]): WriterPoint => [x + lean * (0.5 - y), y])];
  },
  // 1: with the traits, a long flag up from the lower left to the top (a European 1), now and
  // then a foot; without, a plain stem with at most a nick of a flag. The committed model reads
  // a flag flatter than about 45° as a 7's bar and a steeper one as a 1's: this writer's flag
  // lies near that line, so the natural turn of each sample sends about half of them either way
  // (a foot makes it a 1 to the model whatever the flag).
  (r, { traits, aspect }) => {
    const x = uniform(r, 0.52, 0.58);
    const angle = ((traits ? uniform(r, 42, 50) : uniform(r, 50, 70)) * PI) / 180;
    const length = traits ? uniform(r, 0.3, 0.38) : uniform(r, 0.02, 0.06);
    const foot = traits && r() < 0.15;
    // The angle as it lands on the pad, after the writer's width (which flattens or steepens
    // the flag) is applied to the template.
    const dy = length * Math.sin(angle);
    const dx = (length * Math.cos(angle)) / aspect;
    const flag: WriterPoint = [x - dx, 0.15 + dy];
    const strokes = [stroke(line(flag, [x, 0.15], 3), line([x, 0.15], [x, 0.85], 6))];
    if (foot) strokes.push(line([x - 0.1, 0.85], [x + 0.1, 0.85], 3));
    return strokes;
  },
  // 2: a round top, then straight or curved down to the left, perhaps a curl, a flat base.
  (r) => {
    const rx = uniform(r, 0.15, 0.2);
    const ry = uniform(r, 0.14, 0.18);
    const top = arc(0.5, 0.15 + ry, rx, ry, -PI + uniform(r, 0.3, 0.7), uniform(r, 0.3, 0.6), 12);
    const end = top[top.length - 1] as WriterPoint;
    const corner: WriterPoint = [0.3, 0.85];
    const manner = r();
    const bend: WriterPoint = [uniform(r, 0.4, 0.5), uniform(r, 0.65, 0.72)];
    const base = line(corner, [uniform(r, 0.68, 0.76), uniform(r, 0.82, 0.86)], 3);
    if (manner < 0.35) return [stroke(top, line(end, corner), base)];
    if (manner < 0.7) return [stroke(top, curve(end, bend, corner), base)];
    // A small loop at the corner: left, up, over and down again into the base.
    const curl = arc(corner[0], corner[1] - 0.035, 0.045, 0.035, PI / 2, (5 * PI) / 2, 10);
    return [stroke(top, curve(end, bend, corner), curl, base)];
  },
  // 3: two bellies, or a flat top and one belly.
  (r) => {
    const lower = arc(0.5, 0.66, uniform(r, 0.17, 0.2), 0.19, -PI / 2 - 0.6, PI - uniform(r, 0.3, 0.6), 12);
    if (r() < 0.6) {
      const upper = arc(0.49, 0.32, uniform(r, 0.11, 0.17), 0.15, -PI + 0.5, PI / 2 + 0.5, 12);
      return [stroke(upper, lower)];
    }
    return [stroke(line([0.33, 0.16], [0.67, 0.15], 3), line([0.67, 0.15], [0.45, 0.45]), lower)];
  },
  // 4: with the traits open (the arm and the stem never meet at the top); without, closed.
  (r, { traits }) => {
    const stemX = uniform(r, 0.6, 0.65);
    const barY = uniform(r, 0.56, 0.63);
    if (traits) {
      const armTop: WriterPoint = [uniform(r, 0.34, 0.45), 0.15];
      return [
        stroke(line(armTop, [0.3, barY]), line([0.3, barY], [0.74, barY], 3)),
        line([stemX, uniform(r, 0.22, 0.33)], [stemX, 0.88], 6),
      ];
    }
    return [
      stroke(line([stemX, 0.15], [0.27, barY]), line([0.27, barY], [0.75, barY], 3)),
      line([stemX, 0.15], [stemX, 0.88], 6),
    ];
  },
  // 5: a short stem into a round belly, the top bar after or before.
  (r) => {
    const belly = arc(0.49, 0.64, uniform(r, 0.17, 0.2), uniform(r, 0.18, 0.21), -PI / 2 - 0.9, PI - 0.5, 14);
    const stemTop: WriterPoint = [uniform(r, 0.35, 0.42), 0.16];
    const stemEnd: WriterPoint = [0.35, 0.47];
    const barEnd: WriterPoint = [uniform(r, 0.64, 0.7), 0.15];
    if (r() < 0.6) return [stroke(line(stemTop, stemEnd, 3), belly), line(stemTop, barEnd, 3)];
    return [stroke(line(barEnd, stemTop, 3), line(stemTop, stemEnd, 3), belly)];
  },
  // 6: a sweep down from the top right into a loop.
  (r) => {
    const rx = uniform(r, 0.15, 0.18);
    const ry = uniform(r, 0.16, 0.19);
    const cy = 0.85 - ry;
    const left: WriterPoint = [0.5 - rx, cy];
    const sweep = curve([uniform(r, 0.6, 0.68), 0.15], [uniform(r, 0.3, 0.4), uniform(r, 0.2, 0.3)], left);
    return [stroke(sweep, arc(0.5, cy, rx, ry, PI, -PI + uniform(r, 0.2, 0.6), 18))];
  },
  // 7: a bar and a long diagonal, sometimes a nick at the start; with the traits, crossed.
  (r, { traits }) => {
    const top: WriterPoint = [uniform(r, 0.28, 0.33), 0.18];
    const corner: WriterPoint = [uniform(r, 0.68, 0.72), 0.17];
    const foot: WriterPoint = [uniform(r, 0.42, 0.5), 0.86];
    const nick = r() < 0.4;
    const crossY = uniform(r, 0.48, 0.55);
    const left = uniform(r, 0.1, 0.14);
    const right = uniform(r, 0.09, 0.13);
    const start: WriterPoint[] = nick ? [[top[0], top[1] + 0.05]] : [];
    const main = stroke(start, line(top, corner, 3), line(corner, foot, 6));
    if (!traits) return [main];
    // Where the diagonal passes crossY: the bar goes through it.
    const sx = corner[0] + ((foot[0] - corner[0]) * (crossY - corner[1])) / (foot[1] - corner[1]);
    return [main, line([sx - left, crossY + 0.01], [sx + right, crossY - 0.01], 3)];
  },
  // 8: one stroke, a smaller loop above a larger one, either way round.
  (r) => {
    const upperWidth = uniform(r, 0.13, 0.16);
    const lowerWidth = uniform(r, 0.16, 0.2);
    const waist = uniform(r, 0.44, 0.5);
    const mirror = r() < 0.5 ? -1 : 1;
    const start = uniform(r, -0.3, 0.1);
    if (r() < 0.3) {
      // Two loops, one on the other.
      const upperHeight = (waist - 0.15) / 2;
      const lowerHeight = (0.85 - waist) / 2;
      return [
        arc(0.5, 0.15 + upperHeight, upperWidth, upperHeight, -PI / 2, (3 * PI) / 2 + 0.2, 18),
        arc(0.5, waist + lowerHeight, lowerWidth, lowerHeight, -PI / 2, (3 * PI) / 2 + 0.2, 20),
      ];
    }
    return [
      Array.from({ length: 39 }, (_, i): WriterPoint => {
        const t = start + (i / 36) * 2 * PI;
        const up = Math.cos(t) > 0;
        const width = up ? upperWidth : lowerWidth;
        const y = up ? waist - (waist - 0.15) * Math.cos(t) : waist - (0.85 - waist) * Math.cos(t);
        return [0.5 + mirror * width * Math.sin(2 * t), y];
      }),
    ];
  },
  // 9: a round head, then with the traits a straight stem; without, a stem that curls left.
  (r, { traits }) => {
    const rx = uniform(r, 0.15, 0.18);
    const ry = uniform(r, 0.13, 0.16);
    const cy = 0.15 + ry;
    const head = arc(0.48, cy, rx, ry, 0, -2 * PI - uniform(r, 0, 0.2), 20);
    const joint: WriterPoint = [0.48 + rx, cy];
    const foot: WriterPoint = [joint[0] + uniform(r, -0.03, 0.02), 0.86];
    const stem = traits
      ? line(joint, foot, 6)
      : curve(joint, [joint[0] + 0.02, 0.86], [joint[0] - uniform(r, 0.14, 0.2), 0.83]);
    return [stroke(head, stem)];
  },
];

/** A writer: one template per digit in their own manner, their slant, width and pen. */
export function writerStyle(seed = WRITER_SEED, options: WriterOptions = {}): Writer {
  const r = createRandom(mixSeed(seed, STYLE_STREAM, 10));
  const hand: Hand = {
    traits: options.traits ?? true,
    slant: uniform(r, -0.1, 0.3),
    aspect: uniform(r, 0.8, 1.15),
    thickness: uniform(r, 16, 26),
  };
  const templates = TEMPLATES.map((template, digit) =>
    template(createRandom(mixSeed(seed, STYLE_STREAM, digit)), hand),
  );
  return { seed, ...hand, templates };
}

/** One smooth wave of displacement over the pad: bends lines without kinking them. */
interface Wave {
  kx: number;
  ky: number;
  phase: number;
  amplitude: number;
}

function wave(r: Random): Wave {
  const angle = uniform(r, 0, 2 * PI);
  // 0.5–1.5 cycles per pad: a wavelength about the digit's size or longer.
  const k = 2 * PI * uniform(r, 0.5, 1.5);
  // Two waves per axis: up to 0.02 of the pad, 2–3 % of the digit's 0.7 height.
  return {
    kx: k * Math.cos(angle),
    ky: k * Math.sin(angle),
    phase: uniform(r, 0, 2 * PI),
    amplitude: uniform(r, 0.005, 0.01),
  };
}

function displace(waves: Wave[], x: number, y: number): number {
  let d = 0;
  for (const w of waves) d += w.amplitude * Math.sin(w.kx * x + w.ky * y + w.phase);
  return d;
}

/**
 * The strokes drawn dark on white on the pad, as one grey channel. drawStrokes measures every
 * pixel against every segment, so only the box around the ink (a third of the pad) is drawn
 * and the rest is left paper: the same pixels, three times sooner.
 */
function drawOnPad(strokes: WriterPoint[][], thickness: number): Uint8Array {
  const points = strokes.flat();
  // Anti-aliasing reaches half a pixel past the pen's edge.
  const margin = thickness / 2 + 1;
  const clamp = (v: number) => Math.max(0, Math.min(PAD_SIZE, v));
  const xs = points.map((p) => p[0] * PAD_SIZE);
  const ys = points.map((p) => p[1] * PAD_SIZE);
  const x0 = clamp(Math.floor(Math.min(...xs) - margin));
  const y0 = clamp(Math.floor(Math.min(...ys) - margin));
  const x1 = clamp(Math.ceil(Math.max(...xs) + margin));
  const y1 = clamp(Math.ceil(Math.max(...ys) + margin));
  const grey = new Uint8Array(PAD_SIZE * PAD_SIZE).fill(255);
  if (x1 <= x0 || y1 <= y0) return grey;
  const crop = synthetic.drawStrokes({
    width: x1 - x0,
    height: y1 - y0,
    strokes,
    thickness,
    at: [-x0, -y0],
    size: PAD_SIZE,
  });
  // Black ink on white paper: every channel holds the luma.
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++)
      grey[y * PAD_SIZE + x] = crop.data[((y - y0) * (x1 - x0) + x - x0) * 4] as number;
  }
  return grey;
}

/** One sample of `digit` by `writer`, its natural variation drawn from `r`. */
function drawSample(writer: Writer, digit: number, r: Random): WriterSample {
  const wavesX = [wave(r), wave(r)];
  const wavesY = [wave(r), wave(r)];
  const angle = (uniform(r, -6, 6) * PI) / 180;
  const scale = uniform(r, 0.92, 1.08);
  const shiftX = uniform(r, -0.05, 0.05);
  const shiftY = uniform(r, -0.05, 0.05);
  const thickness = writer.thickness * uniform(r, 0.85, 1.15);
  const cos = Math.cos(angle) * scale;
  const sin = Math.sin(angle) * scale;
  const template = writer.templates[digit] as WriterStroke[];
  const strokes = template.map((s) =>
    s.map(([x0, y0]): WriterPoint => {
      const x1 = x0 + displace(wavesX, x0, y0);
      const y1 = y0 + displace(wavesY, x0, y0);
      // The writer's width and slant about the pad's centre, then this sample's turn, size, place.
      const x2 = (x1 - 0.5) * writer.aspect + writer.slant * (0.5 - y1);
      const y2 = y1 - 0.5;
      return [0.5 + shiftX + cos * x2 - sin * y2, 0.5 + shiftY + sin * x2 + cos * y2];
    }),
  );
  const image = {
    width: PAD_SIZE,
    height: PAD_SIZE,
    data: drawOnPad(strokes, thickness),
    channels: 1 as const,
  };
  return { digit, input: toModelInput(image).pixels, image };
}

/** `count` samples of `digit` in `writer`'s hand, one after another from one stream: the same
 * seed gives the same samples, and a longer run starts with the shorter one. */
export function writerSamples(writer: Writer, digit: number, count: number, seed: number): WriterSample[] {
  if (!Number.isInteger(digit) || digit < 0 || digit > 9) throw new RangeError(`digit ${digit} is not 0–9`);
  const r = createRandom(mixSeed(seed, digit));
  return Array.from({ length: count }, () => drawSample(writer, digit, r));
}

/** Samples to teach with and samples to evaluate on, of every digit in turn, from unrelated
 * streams (teach and eval never share a sample, and more teach samples never change the eval
 * ones). */
export function writerSet(options: WriterSetOptions): WriterSet {
  const seed = options.seed ?? WRITER_SEED;
  const writer = writerStyle(seed, { traits: options.traits ?? true });
  const samples = (stream: number, perDigit: number) =>
    Array.from({ length: 10 }, (_, digit) =>
      writerSamples(writer, digit, perDigit, mixSeed(seed, stream)),
    ).flat();
  return {
    writer,
    teach: samples(TEACH_STREAM, options.teachPerDigit),
    eval: samples(EVAL_STREAM, options.evalPerDigit),
  };
}

/** Writes `dir/teach/<digit>-<i>.png`, `dir/eval/…` and `dir/teach.csv`, `dir/eval.csv` (rows
 * `file,digit`, the file relative to the CSV's folder) as `cifra-model personalise` reads them.
 * `dir` is created when missing and never emptied. Returns the two CSV paths. */
export function writeWriterSet(
  dir: string,
  set: Pick<WriterSet, 'teach' | 'eval'>,
): { teach: string; eval: string } {
  const write = (part: 'teach' | 'eval'): string => {
    mkdirSync(join(dir, part), { recursive: true });
    const seen = new Array<number>(10).fill(0);
    const rows = ['file,digit'];
    for (const sample of set[part]) {
      const index = seen[sample.digit] ?? 0;
      seen[sample.digit] = index + 1;
      const file = `${part}/${sample.digit}-${index}.png`;
      const { width, height, data } = sample.image;
      const rgba = new Uint8Array(width * height * 4);
      for (let i = 0; i < width * height; i++) {
        const v = data[i] as number;
        rgba[i * 4] = v;
        rgba[i * 4 + 1] = v;
        rgba[i * 4 + 2] = v;
        rgba[i * 4 + 3] = 255;
      }
      writeFileSync(join(dir, file), encodePng(rgba, width, height));
      rows.push(`${file},${sample.digit}`);
    }
    const csv = join(dir, `${part}.csv`);
    writeFileSync(csv, `${rows.join('\n')}\n`);
    return csv;
  };
  return { teach: write('teach'), eval: write('eval') };
}
