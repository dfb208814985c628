import { NoInkError, toModelInput } from '@cifra/digits';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chunk,
  flatJpeg,
  ihdr,
  makeHostileImages,
  pngFile,
  pngOf,
  scanlines,
  zerosZlib,
} from '../../../scripts/lib/hostile-images.ts';
import { decodeImage, defaultMaxDecodeBytes, ImageError, pngDecodeBytes, readPngLayout } from './index.ts';

/** What the edge would answer for these bytes, as far as decoding and preprocessing go. */
function outcome(bytes: Uint8Array): string {
  try {
    toModelInput(decodeImage(bytes));
    return 'ok';
  } catch (error) {
    if (error instanceof ImageError) return error.code === 'too_large' ? 'image_too_large' : error.code;
    if (error instanceof NoInkError) return 'no_ink';
    throw error;
  }
}

const corpus = makeHostileImages();

describe('the hostile corpus', () => {
  it('has at least 40 files, every one answered with a documented 4xx', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
    expect(new Set(corpus.map((image) => image.name)).size).toBe(corpus.length);
    for (const image of corpus) expect(image.status).toBeGreaterThanOrEqual(400);
  });

  it.each(corpus.filter((image) => image.status !== 413).map((image) => [image.name, image] as const))(
    '%s: refused as the corpus says',
    (_, image) => {
      expect(outcome(image.bytes), image.attack).toBe(image.code);
    },
  );
});

describe('the memory budget, from the header', () => {
  it('refuses a PNG whose first IHDR says 1x1 and a second one 16000x16000, without inflating its 256 MB', () => {
    const image = corpus.find((entry) => entry.name === 'png-second-ihdr-16000.png');
    expect(image?.bytes.length).toBeGreaterThan(200_000);
    expect(() => decodeImage(image?.bytes ?? new Uint8Array())).toThrow(/second IHDR/);
  });

  it('refuses a zlib bomb after inflating little more than the header implies', () => {
    const bomb = pngFile(ihdr(2000, 2000), chunk('IDAT', zerosZlib(1 << 30)));
    expect(() => decodeImage(bomb)).toThrow(/inflates to more than the 4002000 bytes/);
  });

  it('counts every copy decoding makes: valid images over 48 MB of work are image_too_large', () => {
    // 2000x2000 RGBA: 16 MB a copy, about 80 MB in all.
    const rgba = pngFile(ihdr(2000, 2000, 8, 6), chunk('IDAT', zerosZlib(2000 * 8001)));
    expect(pngDecodeBytes(readPngLayout(rgba))).toBeGreaterThan(defaultMaxDecodeBytes);
    expect(() => decodeImage(rgba)).toThrow(/decoding it would take about \d+ MB, at most 48 MB/);
    // The same size in 8-bit grey fits (about 20 MB) and decodes.
    const grey = pngFile(ihdr(2000, 2000), chunk('IDAT', zerosZlib(2000 * 2001)));
    expect(pngDecodeBytes(readPngLayout(grey))).toBeLessThan(defaultMaxDecodeBytes);
    expect(decodeImage(grey)).toMatchObject({ width: 2000, height: 2000, channels: 1 });
    expect(() => decodeImage(flatJpeg({ width: 4000, height: 4000, components: 3 }))).toThrow(
      /at most 48 MB/,
    );
  });
});

describe('unusual but valid PNGs decode to the same pixels', () => {
  // A ring of ink: something other than one flat value in every encoding.
  const ink = (x: number, y: number) => (Math.abs(Math.hypot(x - 20, y - 21) - 12) < 3 ? 0 : 255);
  const reference = decodeImage(pngOf(41, 43, { depth: 8, colorType: 0 }, ink));
  const grey = (image: ReturnType<typeof decodeImage>) =>
    Array.from(
      { length: image.width * image.height },
      (_, pixel) => image.data[pixel * (image.channels ?? 4)] ?? -1,
    );

  it.each([
    ['16-bit grey', pngOf(41, 43, { depth: 16, colorType: 0 }, (x, y) => ink(x, y) * 257)],
    ['1-bit grey', pngOf(41, 43, { depth: 1, colorType: 0 }, (x, y) => (ink(x, y) ? 1 : 0))],
    ['interlaced 8-bit grey', pngOf(41, 43, { depth: 8, colorType: 0, interlaced: true }, ink)],
    [
      'interlaced 16-bit RGB',
      pngOf(41, 43, { depth: 16, colorType: 2, interlaced: true }, (x, y) => ink(x, y) * 257),
    ],
    ['8-bit grey+alpha', pngOf(41, 43, { depth: 8, colorType: 4 }, (x, y, c) => (c === 0 ? ink(x, y) : 255))],
    [
      '2-bit palette',
      pngOf(
        41,
        43,
        { depth: 2, colorType: 3, before: [chunk('PLTE', Uint8Array.of(0, 0, 0, 255, 255, 255))] },
        (x, y) => (ink(x, y) ? 1 : 0),
      ),
    ],
  ])('%s', (_, bytes) => {
    const image = decodeImage(bytes);
    expect(image).toMatchObject({ width: 41, height: 43 });
    expect(grey(image)).toEqual(grey(reference));
  });
});

describe('mutated valid images (fast-check)', () => {
  const seeds = [
    pngOf(24, 24, { depth: 8, colorType: 0 }, (x, y) => ((x + y) % 7 ? 255 : 0)),
    pngOf(16, 16, { depth: 8, colorType: 2, interlaced: true }, (x) => x * 15),
    pngOf(
      16,
      16,
      { depth: 4, colorType: 3, before: [chunk('PLTE', Uint8Array.of(0, 0, 0, 255, 255, 255))] },
      (x) => x % 2,
    ),
    pngFile(
      ihdr(16, 16, 16, 4),
      chunk('IDAT', new Uint8Array(scanlines(16, 16, { depth: 16, colorType: 4 }, () => 9))),
    ),
    corpus.find((image) => image.name === 'gif-animated-3-frames.gif')?.bytes ?? new Uint8Array(),
    corpus.find((image) => image.name === 'jpeg-baseline.jpg')?.bytes ?? new Uint8Array(),
    flatJpeg({ width: 16, height: 16, progressive: true }),
    flatJpeg({ width: 16, height: 16, components: 4, adobe: true }),
  ];
  const u32 = (bytes: Uint8Array, at: number, value: number) => {
    if (at + 4 <= bytes.length) new DataView(bytes.buffer, bytes.byteOffset).setUint32(at, value >>> 0);
  };
  /** One mutation: bit flips, a byte run overwritten, a truncation, a slice duplicated, a length edited. */
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
    fc.record({
      kind: fc.constant('bytes' as const),
      at: fc.nat(),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
    }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({
      kind: fc.constant('duplicate' as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 64 }),
    }),
    fc.record({
      kind: fc.constant('length' as const),
      at: fc.nat(),
      value: fc.oneof(fc.nat(), fc.constantFrom(0, 0xffff, 0x7fffffff, 0xffffffff)),
    }),
  );
  type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;
  function mutate(source: Uint8Array, mutations: Mutation[]): Uint8Array {
    let bytes = source.slice();
    for (const change of mutations) {
      const at = bytes.length ? change.at % bytes.length : 0;
      switch (change.kind) {
        case 'flip':
          bytes[at] = (bytes[at] ?? 0) ^ (1 << change.bit);
          break;
        case 'bytes':
          bytes.set(change.bytes.subarray(0, bytes.length - at), at);
          break;
        case 'truncate':
          bytes = bytes.slice(0, at);
          break;
        case 'duplicate': {
          const piece = bytes.slice(at, at + change.length);
          const out = new Uint8Array(bytes.length + piece.length);
          out.set(bytes.subarray(0, at + piece.length));
          out.set(piece, at + piece.length);
          out.set(bytes.subarray(at + piece.length), at + 2 * piece.length);
          bytes = out;
          break;
        }
        case 'length':
          // Chunk lengths and sizes sit at 4-byte fields: overwrite one, maybe fix nothing else.
          u32(bytes, at, change.value);
          break;
      }
    }
    return bytes;
  }

  it('never throw anything but an ImageError (or no_ink), and what decodes is bounded', () => {
    fc.assert(
      fc.property(
        fc.nat(seeds.length - 1),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (index, mutations) => {
          const bytes = mutate(seeds[index] ?? new Uint8Array(), mutations);
          let image: ReturnType<typeof decodeImage> | undefined;
          try {
            image = decodeImage(bytes);
          } catch (error) {
            if (error instanceof ImageError) return;
            throw error;
          }
          expect(image.width * image.height).toBeLessThanOrEqual(16_000_000);
          expect(image.data.length).toBe(image.width * image.height * (image.channels ?? 4));
          try {
            toModelInput(image);
          } catch (error) {
            if (!(error instanceof NoInkError)) throw error;
          }
        },
      ),
      { seed: 0x1ce, numRuns: 3000 },
    );
  });
});
