/**
 * The predict CLI on real files: PNG/JPEG/GIF in both polarities, a text file renamed .png,
 * a missing file; through main() and once through the installed bin (tsx loader included).
 * The read CLI on generated numbers (number-set.ts), a blank picture, a missing file, a text
 * file and a picture of 30 digits.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createRandom,
  LOW_CONFIDENCE,
  readNumber,
  synthetic,
  toNumberAnswer,
  type NumberDigitAnswer,
} from '@cifra/digits';
import { decodeImage, ImageTooLargeError } from '@cifra/image-decode';
import { main, readLine } from './cli.ts';
import { reportLines, type PersonaliseReport } from './personalise-cli.ts';
import { encodeGif, encodePng, encodeJpeg, rgbaToGrey } from './encode.ts';
import { loadMnist } from './mnist.ts';
import { renderNumber, type NumberPicture } from './number-set.ts';
import { packagePath } from './paths.ts';
import { loadCommittedPredictor } from './predictor.ts';
import { writerSet, writeWriterSet } from './writer-set.ts';

const { drawStrokes, ring, seven } = synthetic;
const dir = mkdtempSync(join(tmpdir(), 'cifra-cli-'));
const file = (name: string): string => join(dir, name);

beforeAll(() => {
  const darkSeven = drawStrokes({ width: 280, height: 280, strokes: seven, thickness: 24 });
  const lightZero = drawStrokes({
    width: 200,
    height: 260,
    strokes: [ring()],
    thickness: 20,
    ink: [250, 250, 250],
    paper: [10, 10, 30],
  });
  const darkZero = drawStrokes({ width: 200, height: 260, strokes: [ring()], thickness: 20 });
  writeFileSync(file('seven.png'), encodePng(darkSeven.data, 280, 280));
  writeFileSync(file('zero-light.jpg'), encodeJpeg(lightZero.data, 200, 260, 75));
  writeFileSync(file('zero.gif'), encodeGif(rgbaToGrey(darkZero.data), 200, 260));
  writeFileSync(
    file('seven-light.gif'),
    encodeGif(
      rgbaToGrey(darkSeven.data).map((v) => 255 - v),
      280,
      280,
    ),
  );
  writeFileSync(file('notes.png'), 'this is a text file, not a picture\n');
  writeFileSync(file('blank.png'), encodePng(new Uint8Array(64 * 64 * 4).fill(255), 64, 64));
});

function capture(): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  return { out, err };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('cifra-model predict', () => {
  it('answers PNG, JPEG and GIF in both polarities', async () => {
    const io = capture();
    const names = ['seven.png', 'zero-light.jpg', 'zero.gif', 'seven-light.gif'];
    const code = await main(['predict', ...names.map(file)]);
    expect(code).toBe(0);
    expect(io.err).toEqual([]);
    expect(io.out).toHaveLength(4);
    expect(io.out[0]).toMatch(/seven\.png: 7 \(\d+\.\d%\)$/);
    expect(io.out[1]).toMatch(/zero-light\.jpg: 0 /);
    expect(io.out[2]).toMatch(/zero\.gif: 0 /);
    expect(io.out[3]).toMatch(/seven-light\.gif: 7 /);
  });

  it('reports bad files one by one, answers the rest, and exits 1 (--json)', async () => {
    const io = capture();
    const code = await main([
      'predict',
      '--json',
      file('notes.png'),
      file('seven.png'),
      file('blank.png'),
      file('missing.png'),
    ]);
    expect(code).toBe(1);
    const results = JSON.parse(io.out.join('\n')) as Record<string, unknown>[];
    expect(results).toHaveLength(4);
    expect(results[0]).toEqual({ file: file('notes.png'), error: 'not a PNG, JPEG or GIF image' });
    expect(results[1]).toMatchObject({ file: file('seven.png'), digit: 7 });
    const probs = results[1]?.['probabilities'] as number[];
    expect(probs).toHaveLength(10);
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(results[1]?.['probability']).toBe(Math.max(...probs));
    expect(results[2]).toEqual({ file: file('blank.png'), error: 'no ink: the picture looks blank' });
    expect(results[3]).toEqual({ file: file('missing.png'), error: 'file not found' });
  });

  it("reads a 12-megapixel phone photo, which the edge's 48 MB decode budget refuses", async () => {
    const width = 4000;
    const height = 3000;
    const photo = drawStrokes({ width, height, strokes: seven, thickness: 300 });
    const path = file('phone-photo.jpg');
    writeFileSync(path, encodeJpeg(photo.data, width, height, 80));
    expect(() => decodeImage(readFileSync(path))).toThrow(ImageTooLargeError);
    const { out } = capture();
    expect(await main(['predict', path, '--json'])).toBe(0);
    expect(JSON.parse(out.join('\n'))).toEqual([expect.objectContaining({ file: path, digit: 7 })]);
  }, 60_000);

  it('prints usage and exits 2 without files or with an unknown command', async () => {
    const io = capture();
    expect(await main(['predict'])).toBe(2);
    expect(await main(['guess', file('seven.png')])).toBe(2);
    expect(io.err.join('\n')).toMatch(/usage: cifra-model predict/);
  });

  it('runs as the installed bin (Node 20 + tsx loader)', async () => {
    const run = promisify(execFile);
    const bin = packagePath('bin', 'cifra-model.js');
    const ok = await run(process.execPath, [bin, 'predict', file('seven.png')]);
    expect(ok.stdout).toMatch(/seven\.png: 7 /);
    const bad = await run(process.execPath, [bin, 'predict', file('notes.png')]).catch((e: unknown) => e);
    expect(bad).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/notes\.png: error: not a PNG, JPEG or GIF image/),
    });
  });
});

describe('cifra-model read', () => {
  let plain: NumberPicture;
  let grouped: NumberPicture;

  beforeAll(() => {
    const test = loadMnist('test');
    plain = renderNumber(test, createRandom(1), { kind: 'separated', length: 4, grouped: false });
    grouped = renderNumber(test, createRandom(1), { kind: 'separated', length: 5, grouped: true });
    const crowd = renderNumber(test, createRandom(2), { kind: 'separated', length: 30, grouped: false });
    for (const [name, picture] of [
      ['number.png', plain],
      ['crowd.png', crowd],
    ] as const) {
      writeFileSync(file(name), encodePng(picture.image.data, picture.image.width, picture.image.height));
    }
    writeFileSync(
      file('grouped.jpg'),
      encodeJpeg(grouped.image.data, grouped.image.width, grouped.image.height, 90),
    );
  });

  it('prints each number with its digit count, groups spaced as written', async () => {
    const io = capture();
    expect(await main(['read', file('number.png'), file('grouped.jpg')])).toBe(0);
    expect(io.err).toEqual([]);
    const unsure = String.raw`(; \d+ unsure: #\d+ 0\.\d\d(, #\d+ 0\.\d\d)*)?\)$`;
    expect(io.out).toHaveLength(2);
    expect(io.out[0]).toMatch(new RegExp(`number\\.png: ${plain.digits} \\(4 digits${unsure}`));
    expect(io.out[1]).toMatch(new RegExp(`grouped\\.jpg: ${grouped.groups?.join(' ')} \\(5 digits${unsure}`));
  });

  it('answers --json with the same fields and values as readNumber + toNumberAnswer', async () => {
    const io = capture();
    expect(await main(['read', '--json', file('number.png'), file('grouped.jpg')])).toBe(0);
    const results = JSON.parse(io.out.join('\n')) as Record<string, unknown>[];
    const predictor = await loadCommittedPredictor();
    for (const [i, name] of ['number.png', 'grouped.jpg'].entries()) {
      const reading = await readNumber(decodeImage(readFileSync(file(name))), (inputs) =>
        predictor.predictParts(inputs),
      );
      expect(results[i]).toEqual({ file: file(name), ...toNumberAnswer(reading) });
    }
    expect(Object.keys(results[0] ?? {}).sort()).toEqual(['digits', 'file', 'number']);
    expect(results[0]).toMatchObject({ number: plain.digits });
    expect(results[1]).toMatchObject({ number: grouped.digits, groups: grouped.groups });
    for (const digit of results[0]?.['digits'] as Record<string, unknown>[])
      expect(Object.keys(digit).sort()).toEqual(['box', 'digit', 'lowConfidence', 'probability']);
  });

  it('reports a blank, a missing, a non-image and a 30-digit file by code, reads the rest, exits 1', async () => {
    const io = capture();
    const names = ['blank.png', 'number.png', 'missing.png', 'notes.png', 'crowd.png'];
    expect(await main(['read', '--json', ...names.map(file)])).toBe(1);
    const results = JSON.parse(io.out.join('\n')) as Record<string, unknown>[];
    const error = (code: string): unknown => ({ code, message: expect.any(String) });
    expect(results).toEqual([
      { file: file('blank.png'), error: error('no_ink') },
      expect.objectContaining({ file: file('number.png'), number: plain.digits }),
      { file: file('missing.png'), error: error('not_found') },
      { file: file('notes.png'), error: error('unsupported_type') },
      { file: file('crowd.png'), error: error('too_many_digits') },
    ]);

    const lines = capture();
    expect(await main(['read', file('blank.png'), file('number.png')])).toBe(1);
    expect(lines.err).toEqual([`${file('blank.png')}: error: no ink: the picture looks blank`]);
    expect(lines.out).toEqual([expect.stringContaining(`number.png: ${plain.digits} (4 digits`)]);
  });

  it('prints usage and exits 2 without files or with an unknown flag', async () => {
    const io = capture();
    expect(await main(['read'])).toBe(2);
    expect(await main(['read', '--verbose', file('number.png')])).toBe(2);
    expect(io.out).toEqual([]);
    expect(io.err.join('\n')).toMatch(/cifra-model read <image files…> \[--json\]/);
  });

  it('lists the digits it is unsure of by position and probability', () => {
    const box = { x: 0, y: 0, width: 10, height: 10 };
    const digit = (d: number, probability: number): NumberDigitAnswer => ({
      digit: d,
      probability,
      box,
      lowConfidence: probability < LOW_CONFIDENCE,
    });
    const answer = {
      number: '2026',
      digits: [digit(2, 0.99), digit(0, 0.97), digit(2, 0.42), digit(6, 0.3)],
    };
    expect(readLine({ file: 'a.png', ...answer })).toBe('a.png: 2026 (4 digits; 2 unsure: #3 0.42, #4 0.30)');
    expect(readLine({ file: 'b.png', number: '7', digits: [digit(7, 0.9)] })).toBe('b.png: 7 (1 digit)');
    expect(
      readLine({ file: 'c.png', number: '12345', groups: ['12', '345'], digits: answer.digits }),
    ).toMatch(/^c\.png: 12 345 \(/);
  });

  it('runs as the installed bin', async () => {
    const run = promisify(execFile);
    const ok = await run(process.execPath, [
      packagePath('bin', 'cifra-model.js'),
      'read',
      file('number.png'),
    ]);
    expect(ok.stdout).toMatch(new RegExp(`number\\.png: ${plain.digits} \\(4 digits`));
  });
});

describe('cifra-model personalise', () => {
  it("teaches one writer's samples and reports accuracy before and after, MNIST and the time (--json)", async () => {
    const set = writerSet({ teachPerDigit: 5, evalPerDigit: 20 });
    const csv = writeWriterSet(file('writer'), set);
    const io = capture();
    expect(await main(['personalise', '--teach', csv.teach, '--eval', csv.eval, '--json'])).toBe(0);
    const report = JSON.parse(io.out.join('\n')) as PersonaliseReport;
    expect(report).toMatchObject({ accepted: true, samples: { teach: 50, eval: 200 } });
    for (const part of [report.before, report.after]) {
      expect(part.perDigit).toHaveLength(10);
      expect(part.accuracy).toBeCloseTo(part.perDigit.reduce((a: number, b) => a + (b ?? 0), 0) / 10, 10);
    }
    // This writer's flagged 1s: the base model misreads most, the personal model hardly any,
    // and no other digit gets worse.
    expect(report.before.perDigit[1]).toBeLessThan(0.5);
    expect(report.after.perDigit[1]).toBeGreaterThanOrEqual(0.9);
    report.before.perDigit.forEach((before, digit) =>
      expect(report.after.perDigit[digit]).toBeGreaterThanOrEqual(before ?? 0),
    );
    expect(report.after.accuracy).toBeGreaterThan(report.before.accuracy);
    expect(report.mnist.before).toBeGreaterThan(0.99);
    expect(report.mnist.before - report.mnist.after).toBeLessThanOrEqual(0.003);
    expect(report.trainMs).toBeGreaterThan(0);
  }, 240_000);

  it('prints the report as lines for a person, with the refusal when the guard refused', () => {
    const report: PersonaliseReport = {
      before: { accuracy: 0.9, perDigit: [1, 0.5, null, null, null, null, null, null, null, null] },
      after: { accuracy: 0.9, perDigit: [1, 0.5, null, null, null, null, null, null, null, null] },
      mnist: { before: 0.9961, after: 0.9961 },
      trainMs: 812.4,
      accepted: false,
      reason: 'no_gain',
      samples: { teach: 10, eval: 4 },
    };
    const lines = reportLines(report);
    expect(lines[0]).toBe('10 samples taught, 4 checked; trained in 812 ms; personal model refused: no_gain');
    expect(lines[2]).toMatch(/^per digit: 0 100\.0 % → 100\.0 %, 1 50\.0 % → 50\.0 %, 2 — → —/);
    expect(lines[3]).toBe('MNIST test: 99.6 % → 99.6 %');
  });

  it('names the CSV line that lists a missing picture or no digit, and exits 1', async () => {
    writeFileSync(file('teach-missing.csv'), 'file,digit\nseven.png,7\nnowhere.png,3\n');
    writeFileSync(file('teach-bad.csv'), 'seven.png,seven\n');
    const io = capture();
    expect(
      await main(['personalise', '--teach', file('teach-missing.csv'), '--eval', file('teach-bad.csv')]),
    ).toBe(1);
    expect(
      await main(['personalise', '--teach', file('teach-bad.csv'), '--eval', file('teach-missing.csv')]),
    ).toBe(1);
    expect(await main(['personalise', '--teach', file('none.csv'), '--eval', file('teach-bad.csv')])).toBe(1);
    expect(io.err).toEqual([
      `cifra-model: ${file('teach-missing.csv')}:3: nowhere.png: file not found`,
      `cifra-model: ${file('teach-bad.csv')}:1: "seven" is not a digit 0–9 (rows are file,digit)`,
      `cifra-model: ${file('none.csv')}:0: file not found`,
    ]);
    expect(io.out).toEqual([]);
  });

  it('prints usage and exits 2 without both lists or with an unknown flag', async () => {
    const io = capture();
    expect(await main(['personalise', '--teach', file('teach-bad.csv')])).toBe(2);
    expect(
      await main([
        'personalise',
        '--teach',
        file('teach-bad.csv'),
        '--eval',
        file('teach-bad.csv'),
        '--fast',
      ]),
    ).toBe(2);
    expect(await main(['personalise', 'extra.csv', '--teach', file('a.csv'), '--eval', file('b.csv')])).toBe(
      2,
    );
    expect(io.err.join('\n')).toMatch(
      /cifra-model personalise --teach teach\.csv --eval eval\.csv \[--json\]/,
    );
    expect(io.out).toEqual([]);
  });
});
