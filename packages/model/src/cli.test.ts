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
import { createRandom, readNumber, synthetic, toNumberAnswer, type NumberDigitAnswer } from '@cifra/digits';
import { decodeImage, ImageTooLargeError } from '@cifra/image-decode';
import { main, readLine } from './cli.ts';
import { encodeGif, encodePng, encodeJpeg, rgbaToGrey } from './encode.ts';
import { loadMnist } from './mnist.ts';
import { renderNumber, type NumberPicture } from './number-set.ts';
import { packagePath } from './paths.ts';
import { loadCommittedPredictor } from './predictor.ts';

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
        predictor.predict(inputs),
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
      lowConfidence: probability < 0.8,
    });
    const answer = {
      number: '2026',
      digits: [digit(2, 0.99), digit(0, 0.97), digit(2, 0.62), digit(6, 0.5)],
    };
    expect(readLine({ file: 'a.png', ...answer })).toBe('a.png: 2026 (4 digits; 2 unsure: #3 0.62, #4 0.50)');
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
