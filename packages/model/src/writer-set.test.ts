/**
 * The one-writer generator (writer-set.ts): reproducible, one hand per seed with its four
 * unusual traits, teach and eval apart, written as the CSVs `cifra-model personalise` reads,
 * and a hard case for the committed model (it reads many of the flagged 1s as 7).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toModelInput } from '@cifra/digits';
import { decodeImage } from '@cifra/image-decode';
import { loadCommittedPredictor } from './predictor.ts';
import {
  WRITER_SEED,
  writerSamples,
  writerSet,
  writerStyle,
  writeWriterSet,
  type WriterPoint,
  type WriterSample,
} from './writer-set.ts';

const key = (sample: WriterSample) => Buffer.from(sample.input).toString('base64');

/** The samples' mean model input. */
function meanInput(samples: WriterSample[]): Float64Array {
  const mean = new Float64Array(784);
  for (const sample of samples)
    sample.input.forEach((v, i) => (mean[i] = (mean[i] as number) + v / samples.length));
  return mean;
}

/** Mean absolute difference per pixel. */
const distance = (a: Float64Array, b: Float64Array) =>
  a.reduce((sum, v, i) => sum + Math.abs(v - (b[i] as number)), 0) / a.length;

/** Largest distance of `points` from the line through the first and last of them. */
function crookedness(points: WriterPoint[]): number {
  const [ax, ay] = points[0] as WriterPoint;
  const [bx, by] = points[points.length - 1] as WriterPoint;
  const length = Math.hypot(bx - ax, by - ay);
  return Math.max(...points.map(([x, y]) => Math.abs((bx - ax) * (ay - y) - (ax - x) * (by - ay)) / length));
}

describe('one-writer sets', () => {
  it('are the same from the same seed, and a longer run starts with the shorter one', () => {
    expect(writerStyle(WRITER_SEED)).toEqual(writerStyle(WRITER_SEED));
    const writer = writerStyle();
    const three = writerSamples(writer, 7, 3, 42);
    const five = writerSamples(writer, 7, 5, 42);
    expect(five.slice(0, 3).map(key)).toEqual(three.map(key));
    expect(five[0]?.image.data).toEqual(three[0]?.image.data);
    expect(new Set(five.map(key)).size).toBe(5);
    expect(writerSamples(writer, 7, 3, 43).map(key)).not.toEqual(three.map(key));
  });

  it('come out as 784-byte inputs of 280x280 dark-on-white pad pictures', () => {
    const [sample] = writerSamples(writerStyle(), 4, 1, 1);
    expect(sample?.digit).toBe(4);
    expect(sample?.input).toHaveLength(784);
    expect(sample?.image).toMatchObject({ width: 280, height: 280, channels: 1 });
    const data = sample?.image.data ?? new Uint8Array();
    expect(data[0]).toBe(255); // paper in the corner
    expect(Math.min(...data)).toBeLessThan(10); // black ink somewhere
    expect(() => writerSamples(writerStyle(), 10, 1, 1)).toThrow(RangeError);
  });

  it('differ in hand from one seed to the next', () => {
    const seeds = [1313, 1314, 1315, 1316, 1317];
    expect(new Set(seeds.map((seed) => writerStyle(seed).slant)).size).toBe(seeds.length);
    // Mean pictures of a few samples per digit: two hands lie well apart, while two runs of
    // one hand (natural variation only) lie close.
    const [mine, other] = [writerStyle(1313), writerStyle(1314)];
    let across = 0;
    let within = 0;
    for (let digit = 0; digit < 10; digit++) {
      const a = meanInput(writerSamples(mine, digit, 4, 1));
      const b = meanInput(writerSamples(mine, digit, 4, 2));
      const c = meanInput(writerSamples(other, digit, 4, 2));
      within += distance(a, b);
      across += distance(a, c);
    }
    expect(across).toBeGreaterThan(1.5 * within);
  });

  it('keep the flagged 1, crossed 7, open 4 and straight 9 in every hand, unless told not to', () => {
    for (let seed = 1313; seed < 1323; seed++) {
      const { templates } = writerStyle(seed);
      const [one = [], seven = [], four = [], nine = []] = [1, 7, 4, 9].map((d) => templates[d] ?? []);
      // 1: the stroke starts well left of and below the top of the stem.
      const flag = one[0]?.[0] as WriterPoint;
      const top = (one[0] ?? []).reduce((a, p) => (p[1] < a[1] ? p : a));
      expect(top[0] - flag[0], `seed ${seed} flag width`).toBeGreaterThan(0.15);
      expect(flag[1] - top[1], `seed ${seed} flag height`).toBeGreaterThan(0.15);
      // 7: a bar across the diagonal halfway down.
      expect(seven, `seed ${seed} 7`).toHaveLength(2);
      const bar = seven[1] ?? [];
      const barY = (bar[0] as WriterPoint)[1];
      expect(barY).toBeGreaterThan(0.4);
      expect(barY).toBeLessThan(0.65);
      // 4: the arm's top and the stem's top stay apart.
      const armTop = four[0]?.[0] as WriterPoint;
      const stemTop = four[1]?.[0] as WriterPoint;
      expect(Math.hypot(armTop[0] - stemTop[0], armTop[1] - stemTop[1]), `seed ${seed} 4`).toBeGreaterThan(
        0.1,
      );
      // 9: below the head, a straight stem.
      const nineStroke = nine[0] ?? [];
      const stem = nineStroke.slice(nineStroke.findLastIndex((p) => p[1] < 0.5));
      expect(crookedness(stem), `seed ${seed} 9`).toBeLessThan(0.005);
    }
    const plain = writerStyle(WRITER_SEED, { traits: false });
    const usual = writerStyle(WRITER_SEED);
    expect(plain.templates[7]).toHaveLength(1);
    const plainFlag = plain.templates[1]?.[0]?.[0] as WriterPoint;
    expect(plainFlag[1] - 0.15).toBeLessThan(0.07);
    const plainNine = plain.templates[9]?.[0] ?? [];
    expect(crookedness(plainNine.slice(plainNine.findLastIndex((p) => p[1] < 0.5)))).toBeGreaterThan(0.02);
    // The other digits are the same hand's.
    for (const digit of [0, 2, 3, 5, 6, 8]) expect(plain.templates[digit]).toEqual(usual.templates[digit]);
  });

  it('never share a sample between teach and eval, and more teach samples leave eval alone', () => {
    const set = writerSet({ teachPerDigit: 2, evalPerDigit: 2 });
    expect(set.teach).toHaveLength(20);
    expect(set.eval.map((s) => s.digit)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((d) => [d, d]));
    const teach = new Set(set.teach.map(key));
    expect(teach.size).toBe(20);
    for (const sample of set.eval) expect(teach.has(key(sample))).toBe(false);
    expect(writerSet({ teachPerDigit: 0, evalPerDigit: 2 }).eval.map(key)).toEqual(set.eval.map(key));
    const other = writerSet({ seed: 1314, teachPerDigit: 0, evalPerDigit: 1 });
    expect(other.eval.map(key)).not.toEqual(set.eval.filter((_, i) => i % 2 === 0).map(key));
  });

  it('are written as PNGs with teach.csv and eval.csv of file,digit rows', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'cifra-writer-')), 'set');
    const set = writerSet({ teachPerDigit: 1, evalPerDigit: 2 });
    writeWriterSet(dir, set);
    // A folder given again is written into, never emptied.
    writeFileSync(join(dir, 'keep.txt'), 'mine');
    const csvs = writeWriterSet(dir, set);
    expect(existsSync(join(dir, 'keep.txt'))).toBe(true);
    for (const part of ['teach', 'eval'] as const) {
      const csv = csvs[part];
      expect(csv).toBe(join(dir, `${part}.csv`));
      const [header, ...rows] = readFileSync(csv, 'utf8').trimEnd().split('\n');
      expect(header).toBe('file,digit');
      expect(rows).toHaveLength(set[part].length);
      rows.forEach((row, i) => {
        const [file = '', digit] = row.split(',');
        const sample = set[part][i] as WriterSample;
        expect(file).toMatch(new RegExp(`^${part}/\\d-\\d+\\.png$`));
        expect(Number(digit)).toBe(sample.digit);
        // What the CLI will read back: the same model input.
        const picture = decodeImage(readFileSync(join(dirname(csv), file)));
        expect(toModelInput(picture).pixels).toEqual(sample.input);
      });
    }
  });

  it('are the hard case for the committed model: many 1s read as 7, the rest mostly right', async () => {
    const predictor = await loadCommittedPredictor();
    const writer = writerStyle();
    const read = (digit: number, count: number) =>
      predictor.predictSync(writerSamples(writer, digit, count, WRITER_SEED).map((s) => s.input));
    const ones = read(1, 60);
    expect(ones.filter((p) => p.digit === 7).length / ones.length).toBeGreaterThanOrEqual(0.3);
    let right = 0;
    for (const digit of [0, 2, 3, 4, 5, 6, 7, 8, 9])
      right += read(digit, 12).filter((p) => p.digit === digit).length;
    expect(right / (9 * 12)).toBeGreaterThanOrEqual(0.85);
  }, 60_000);
});
