/**
 * The hostile image corpus: files that lie about their size, hide zlib bombs, break chunk
 * order, are truncated or corrupt, or are not images at all, plus unusual but valid images
 * (16-bit, interlaced, palette, grey+alpha, CMYK and progressive JPEG). Generated the same on
 * every run (fixed seed, no randomness otherwise) so nothing binary is committed. Each entry
 * says what `POST /api/predict` must answer; every answer is a documented 4xx.
 */
import { constants, crc32, deflateRawSync, deflateSync } from 'node:zlib';
import { createRandom } from '@cifra/digits';
import jpeg from 'jpeg-js';
import { GifWriter } from 'omggif';

export interface HostileImage {
  name: string;
  /** What the file tries. */
  attack: string;
  bytes: Uint8Array;
  status: 400 | 413 | 415 | 422;
  code: 'no_file' | 'payload_too_large' | 'unsupported_type' | 'bad_image' | 'image_too_large' | 'no_ink';
}

// ── PNG ──────────────────────────────────────────────────────────────────────────────────────

const signature = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value >>> 0);
  return out;
}

/** A PNG chunk with its CRC (or a wrong one). */
export function chunk(
  type: string,
  data: Uint8Array = new Uint8Array(0),
  options: { badCrc?: boolean } = {},
) {
  const typeBytes = new TextEncoder().encode(type);
  const crc = crc32(Buffer.from(concat(typeBytes, data)));
  return concat(u32(data.length), typeBytes, data, u32(options.badCrc ? crc ^ 1 : crc));
}

export function ihdr(width: number, height: number, depth = 8, colorType = 0, interlace = 0): Uint8Array {
  return chunk('IHDR', concat(u32(width), u32(height), Uint8Array.of(depth, colorType, 0, 0, interlace)));
}

export const pngFile = (...chunks: Uint8Array[]) => concat(signature, ...chunks, chunk('IEND'));

const channelsOf: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const adam7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/**
 * Filter-0 scanlines of an image (every pass of Adam7 when interlaced), samples packed at the
 * bit depth, 16-bit big-endian: what an encoder deflates into IDAT.
 */
export function scanlines(
  width: number,
  height: number,
  options: { depth: number; colorType: number; interlaced?: boolean },
  sample: (x: number, y: number, channel: number) => number,
): Uint8Array {
  const channels = channelsOf[options.colorType] ?? 1;
  const { depth } = options;
  const passes = options.interlaced ? adam7 : ([[0, 0, 1, 1]] as const);
  const rows: Uint8Array[] = [];
  for (const [x0, y0, dx, dy] of passes) {
    const passWidth = Math.ceil((width - x0) / dx);
    const passHeight = Math.ceil((height - y0) / dy);
    if (passWidth <= 0 || passHeight <= 0) continue;
    const stride = Math.ceil((passWidth * channels * depth) / 8);
    for (let py = 0; py < passHeight; py++) {
      const row = new Uint8Array(1 + stride);
      let bit = 0;
      for (let px = 0; px < passWidth; px++) {
        for (let c = 0; c < channels; c++) {
          const value = sample(x0 + px * dx, y0 + py * dy, c);
          if (depth === 16) {
            row[1 + bit / 8] = value >> 8;
            row[2 + bit / 8] = value & 255;
          } else if (depth === 8) {
            row[1 + bit / 8] = value;
          } else {
            const index = 1 + Math.floor(bit / 8);
            row[index] = (row[index] ?? 0) | (value << (8 - depth - (bit % 8)));
          }
          bit += depth;
        }
      }
      rows.push(row);
    }
  }
  return concat(...rows);
}

/** A whole valid PNG of the given samples. */
export function pngOf(
  width: number,
  height: number,
  options: { depth: number; colorType: number; interlaced?: boolean; before?: Uint8Array[] },
  sample: (x: number, y: number, channel: number) => number,
): Uint8Array {
  return pngFile(
    ihdr(width, height, options.depth, options.colorType, options.interlaced ? 1 : 0),
    ...(options.before ?? []),
    chunk('IDAT', deflateSync(scanlines(width, height, options, sample))),
  );
}

const rawSegments = new Map<number, Uint8Array>();

/**
 * A zlib stream of `size` zero bytes, assembled from sync-flushed raw-deflate pieces of 1 MiB
 * (about 1 KB each) without ever holding the zeros: how a 249 KB file inflates to 256 MB.
 */
export function zerosZlib(size: number): Uint8Array {
  const piece = (length: number) => {
    let segment = rawSegments.get(length);
    if (!segment) {
      segment = deflateRawSync(Buffer.alloc(length), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
      rawSegments.set(length, segment);
    }
    return segment;
  };
  const mib = 1 << 20;
  const parts: Uint8Array[] = [Uint8Array.of(0x78, 0xda)];
  for (let left = size; left > 0; left -= mib) parts.push(piece(Math.min(mib, left)));
  parts.push(Uint8Array.of(0x03, 0x00)); // an empty final block (fixed Huffman)
  const adler = (((size % 65521) << 16) | 1) >>> 0;
  parts.push(u32(adler));
  return concat(...parts);
}

// ── GIF ──────────────────────────────────────────────────────────────────────────────────────

const u16le = (value: number) => Uint8Array.of(value & 255, value >> 8);
/** One pixel of colour 0 in LZW with code size 2: clear, 0, end. */
const onePixelLzw = Uint8Array.of(0x02, 0x02, 0x44, 0x01, 0x00);

function gifScreen(width: number, height: number, palette = true): Uint8Array {
  return concat(
    new TextEncoder().encode('GIF89a'),
    u16le(width),
    u16le(height),
    Uint8Array.of(palette ? 0x80 : 0, 0, 0),
    palette ? Uint8Array.of(255, 255, 255, 0, 0, 0) : new Uint8Array(0),
  );
}

function gifFrame(x: number, y: number, width: number, height: number, data = onePixelLzw): Uint8Array {
  return concat(Uint8Array.of(0x2c), u16le(x), u16le(y), u16le(width), u16le(height), Uint8Array.of(0), data);
}

function validGif(width: number, height: number, frames: number): Uint8Array {
  const buffer = new Uint8Array(1024 + width * height * frames * 2);
  const writer = new GifWriter(buffer, width, height, { palette: [0xffffff, 0x000000], loop: 0 });
  for (let frame = 0; frame < frames; frame++)
    writer.addFrame(0, 0, width, height, new Array<number>(width * height).fill(0), { delay: 10 });
  return buffer.slice(0, writer.end());
}

// ── JPEG ─────────────────────────────────────────────────────────────────────────────────────

const u16be = (value: number) => Uint8Array.of(value >> 8, value & 255);
const segment = (marker: number, data: Uint8Array) =>
  concat(Uint8Array.of(0xff, marker), u16be(data.length + 2), data);

interface FlatJpeg {
  width: number;
  height: number;
  components?: number;
  sof?: number;
  progressive?: boolean;
  /** Extra copies of the AC scan (a progressive "scan bomb"). */
  extraScans?: number;
  adobe?: boolean;
  /** The height written in SOF (0 means "see DNL"). */
  declaredHeight?: number;
  /** Two frame headers. */
  twoFrames?: boolean;
}

/**
 * A flat mid-grey JPEG written by hand (jpeg-js only writes baseline YCbCr): every DC
 * difference and AC coefficient is 0, coded with one-symbol Huffman tables, one bit a symbol.
 */
export function flatJpeg(options: FlatJpeg): Uint8Array {
  const count = options.components ?? 1;
  const sof = options.sof ?? (options.progressive ? 0xc2 : 0xc0);
  const ids = Array.from({ length: count }, (_, index) => index + 1);
  const frame = segment(
    sof,
    concat(
      Uint8Array.of(8),
      u16be(options.declaredHeight ?? options.height),
      u16be(options.width),
      Uint8Array.of(count),
      ...ids.map((id) => Uint8Array.of(id, 0x11, 0)),
    ),
  );
  const blocks = Math.ceil(options.width / 8) * Math.ceil(options.height / 8);
  /** `bits` zero bits, padded with ones to a whole byte. */
  const zeros = (bits: number) => {
    const out = new Uint8Array(Math.ceil(bits / 8));
    if (bits % 8) out[out.length - 1] = 0xff >> (bits % 8);
    return out;
  };
  const scan = (components: number[], ss: number, se: number, bitsPerBlock: number) =>
    concat(
      segment(
        0xda,
        concat(
          Uint8Array.of(components.length),
          ...components.map((id) => Uint8Array.of(id, 0x00)),
          Uint8Array.of(ss, se, 0),
        ),
      ),
      zeros(blocks * components.length * bitsPerBlock),
    );
  const scans: Uint8Array[] = [];
  if (options.progressive) {
    scans.push(scan(ids, 0, 0, 1));
    for (let copy = 0; copy <= (options.extraScans ?? 0); copy++)
      for (const id of ids) scans.push(scan([id], 1, 63, 1));
  } else {
    scans.push(scan(ids, 0, 63, 2));
  }
  return concat(
    Uint8Array.of(0xff, 0xd8),
    options.adobe
      ? segment(0xee, concat(new TextEncoder().encode('Adobe'), Uint8Array.of(0, 100, 0, 0, 0, 0, 0)))
      : new Uint8Array(0),
    segment(0xdb, concat(Uint8Array.of(0), new Uint8Array(64).fill(1))),
    frame,
    options.twoFrames ? frame : new Uint8Array(0),
    // DC table 0 and AC table 0: one code of one bit, for symbol 0 (DC: no difference; AC: end of block).
    segment(0xc4, concat(Uint8Array.of(0x00, 1), new Uint8Array(15), Uint8Array.of(0))),
    segment(0xc4, concat(Uint8Array.of(0x10, 1), new Uint8Array(15), Uint8Array.of(0))),
    ...scans,
    Uint8Array.of(0xff, 0xd9),
  );
}

// ── The corpus ───────────────────────────────────────────────────────────────────────────────

const white = () => 255;
const text = (value: string) => new TextEncoder().encode(value);

export function makeHostileImages(seed = 0x5eed): HostileImage[] {
  const random = createRandom(seed);
  const noise = (length: number) => Uint8Array.from({ length }, () => Math.floor(random() * 256));
  const blankGrey = pngOf(64, 64, { depth: 8, colorType: 0 }, white);
  const blankIdat = chunk('IDAT', deflateSync(scanlines(64, 64, { depth: 8, colorType: 0 }, white)));
  const palette = chunk('PLTE', Uint8Array.of(255, 255, 255, 0, 0, 0));
  const baselineJpeg = new Uint8Array(
    jpeg.encode({ width: 32, height: 32, data: new Uint8Array(32 * 32 * 4).fill(255) }, 90).data,
  );
  const list: HostileImage[] = [];
  const add = (
    name: string,
    attack: string,
    bytes: Uint8Array,
    status: HostileImage['status'],
    code: HostileImage['code'],
  ) => list.push({ name, attack, bytes, status, code });
  const bad = (name: string, attack: string, bytes: Uint8Array) => add(name, attack, bytes, 422, 'bad_image');
  const tooLarge = (name: string, attack: string, bytes: Uint8Array) =>
    add(name, attack, bytes, 422, 'image_too_large');
  const blank = (name: string, attack: string, bytes: Uint8Array) => add(name, attack, bytes, 422, 'no_ink');
  const notImage = (name: string, attack: string, bytes: Uint8Array) =>
    add(name, attack, bytes, 415, 'unsupported_type');

  // PNG: lying headers and chunk order.
  bad(
    'png-second-ihdr-16000.png',
    'IHDR says 1x1, a second IHDR says 16000x16000, and the IDAT holds 256 MB of zeros for it',
    concat(
      signature,
      ihdr(1, 1),
      ihdr(16_000, 16_000),
      chunk('IDAT', zerosZlib(16_000 * 16_001)),
      chunk('IEND'),
    ),
  );
  bad(
    'png-second-ihdr-same.png',
    'two identical IHDR chunks',
    pngFile(ihdr(64, 64), ihdr(64, 64), blankIdat),
  );
  bad('png-idat-before-ihdr.png', 'IDAT comes first, IHDR after it', pngFile(blankIdat, ihdr(64, 64)));
  bad(
    'png-plte-after-idat.png',
    'an indexed image whose palette follows its pixels',
    pngFile(
      ihdr(64, 64, 8, 3),
      chunk('IDAT', deflateSync(scanlines(64, 64, { depth: 8, colorType: 3 }, () => 0))),
      palette,
    ),
  );
  bad(
    'png-idat-split-by-text.png',
    'IDAT chunks with a tEXt chunk between them',
    (() => {
      const stream = deflateSync(scanlines(64, 64, { depth: 8, colorType: 0 }, white));
      const half = Math.floor(stream.length / 2);
      return pngFile(
        ihdr(64, 64),
        chunk('IDAT', stream.subarray(0, half)),
        chunk('tEXt', text('a\0b')),
        chunk('IDAT', stream.subarray(half)),
      );
    })(),
  );
  bad(
    'png-bad-crc-ihdr.png',
    'an IHDR whose CRC does not match',
    pngFile(chunk('IHDR', ihdr(64, 64).subarray(8, 21), { badCrc: true }), blankIdat),
  );
  bad(
    'png-bad-crc-idat.png',
    'an IDAT whose CRC does not match',
    pngFile(
      ihdr(64, 64),
      chunk('IDAT', deflateSync(scanlines(64, 64, { depth: 8, colorType: 0 }, white)), { badCrc: true }),
    ),
  );
  bad(
    'png-unknown-critical-chunk.png',
    'a critical chunk no decoder knows (cHNK → CHNK)',
    pngFile(ihdr(64, 64), chunk('CHNK', text('x')), blankIdat),
  );
  bad(
    'png-bad-depth.png',
    'colour type 2 (RGB) with bit depth 4',
    pngFile(
      ihdr(8, 8, 4, 2),
      chunk('IDAT', deflateSync(scanlines(8, 8, { depth: 4, colorType: 2 }, () => 15))),
    ),
  );
  bad('png-width-zero.png', 'IHDR declares 0x64', pngFile(ihdr(0, 64), blankIdat));
  bad(
    'png-chunk-length-2gb.png',
    'a chunk length of 2^31-1 in a small file',
    concat(signature, ihdr(64, 64), u32(0x7fffffff), text('IDAT'), noise(64)),
  );
  bad('png-no-iend.png', 'no IEND: the file stops after IDAT', concat(signature, ihdr(64, 64), blankIdat));
  bad(
    'png-truncated-half.png',
    'a valid PNG cut in half',
    blankGrey.subarray(0, Math.floor(blankGrey.length / 2)),
  );
  bad('png-header-only.png', 'signature and IHDR, nothing else', concat(signature, ihdr(64, 64)));
  bad('png-signature-only.png', 'the 8-byte signature alone', signature);
  bad(
    'png-noise-after-ihdr.png',
    'random bytes after a valid IHDR',
    concat(signature, ihdr(64, 64), noise(2000)),
  );
  bad(
    'png-trailing-html.png',
    'a polyglot: a valid PNG followed by an HTML page',
    concat(blankGrey, text('<html><script>alert(1)</script></html>')),
  );

  // PNG: zlib bombs and lying pixel data.
  bad(
    'png-zlib-bomb.png',
    '2000x2000 grey (4 MB of pixels) whose IDAT inflates to 1 GiB',
    pngFile(ihdr(2000, 2000), chunk('IDAT', zerosZlib(1 << 30))),
  );
  bad(
    'png-idat-one-row-long.png',
    'IDAT inflates to one row more than the header implies',
    pngFile(ihdr(64, 64), chunk('IDAT', zerosZlib(65 * 65))),
  );
  bad(
    'png-idat-short.png',
    'IDAT inflates to half the rows the header implies',
    pngFile(ihdr(64, 64), chunk('IDAT', zerosZlib(32 * 65))),
  );
  bad(
    'png-idat-not-zlib.png',
    'IDAT holds random bytes, not a zlib stream',
    pngFile(ihdr(64, 64), chunk('IDAT', noise(500))),
  );
  blank(
    'png-iccp-zlib-bomb.png',
    'a valid blank image with an iCCP profile inflating to 1 GiB (the profile is never inflated)',
    pngFile(
      ihdr(64, 64),
      chunk('iCCP', concat(text('bomb\0'), Uint8Array.of(0), zerosZlib(1 << 30))),
      blankIdat,
    ),
  );

  // PNG: too large.
  tooLarge(
    'png-header-30000.png',
    'a 1x1 PNG whose (CRC-correct) IHDR says 30000x30000',
    pngFile(
      ihdr(30_000, 30_000),
      chunk('IDAT', deflateSync(scanlines(1, 1, { depth: 8, colorType: 0 }, white))),
    ),
  );
  tooLarge(
    'png-rgba-3000-over-budget.png',
    'a valid 3000x3000 RGBA PNG (9 MP, under the pixel limit): decoding needs > 48 MB',
    pngFile(ihdr(3000, 3000, 8, 6), chunk('IDAT', zerosZlib(3000 * 12_001))),
  );

  // PNG: unusual but valid (decoded, then found blank).
  blank(
    'png-16bit-grey.png',
    '16-bit grey',
    pngOf(64, 64, { depth: 16, colorType: 0 }, () => 65535),
  );
  blank(
    'png-16bit-rgba.png',
    '16-bit RGBA',
    pngOf(64, 64, { depth: 16, colorType: 6 }, () => 65535),
  );
  blank(
    'png-interlaced-rgb.png',
    'Adam7-interlaced 8-bit RGB',
    pngOf(61, 67, { depth: 8, colorType: 2, interlaced: true }, white),
  );
  blank(
    'png-interlaced-16bit-grey-alpha.png',
    'Adam7-interlaced 16-bit grey+alpha',
    pngOf(33, 35, { depth: 16, colorType: 4, interlaced: true }, () => 65535),
  );
  blank(
    'png-palette-4bit.png',
    '4-bit palette',
    pngOf(63, 64, { depth: 4, colorType: 3, before: [palette] }, () => 0),
  );
  blank(
    'png-palette-trns.png',
    '8-bit palette with transparency',
    pngOf(
      64,
      64,
      { depth: 8, colorType: 3, before: [palette, chunk('tRNS', Uint8Array.of(255, 255))] },
      () => 0,
    ),
  );
  blank('png-grey-alpha.png', '8-bit grey+alpha', pngOf(64, 64, { depth: 8, colorType: 4 }, white));
  blank(
    'png-1bit-grey.png',
    '1-bit grey',
    pngOf(61, 64, { depth: 1, colorType: 0 }, () => 1),
  );
  notImage(
    'png-interlaced-1bit.png',
    'Adam7-interlaced 1-bit grey (refused: its decoder misreads sub-byte passes)',
    pngOf(64, 64, { depth: 1, colorType: 0, interlaced: true }, () => 1),
  );

  // GIF.
  bad(
    'gif-frame-4000-on-1x1-screen.gif',
    'a 1x1 screen with a 4000x4000 frame (35 bytes)',
    concat(gifScreen(1, 1), gifFrame(0, 0, 4000, 4000), Uint8Array.of(0x3b)),
  );
  bad(
    'gif-frame-offset-outside.gif',
    'a 1x1 frame at (60000, 60000) on a 64x64 screen',
    concat(gifScreen(64, 64), gifFrame(60_000, 60_000, 1, 1), Uint8Array.of(0x3b)),
  );
  bad(
    'gif-second-frame-too-big.gif',
    'a valid first frame, then a 4000x4000 one on a 1x1 screen',
    concat(gifScreen(1, 1), gifFrame(0, 0, 1, 1), gifFrame(0, 0, 4000, 4000), Uint8Array.of(0x3b)),
  );
  tooLarge(
    'gif-5000-frames.gif',
    'an animation of 5000 frames',
    concat(gifScreen(8, 8), ...Array.from({ length: 5000 }, () => gifFrame(0, 0, 1, 1)), Uint8Array.of(0x3b)),
  );
  tooLarge(
    'gif-screen-60000.gif',
    'a 60000x60000 screen with a 1x1 frame',
    concat(gifScreen(60_000, 60_000), gifFrame(0, 0, 1, 1), Uint8Array.of(0x3b)),
  );
  tooLarge(
    'gif-screen-4000-over-budget.gif',
    'a 4000x4000 screen (16 MP, under the pixel limit): 64 MB of RGBA',
    concat(gifScreen(4000, 4000), gifFrame(0, 0, 1, 1), Uint8Array.of(0x3b)),
  );
  bad(
    'gif-no-palette.gif',
    'a frame with neither a global nor a local colour table',
    concat(gifScreen(8, 8, false), gifFrame(0, 0, 1, 1), Uint8Array.of(0x3b)),
  );
  bad('gif-truncated.gif', 'a GIF cut inside its frame data', validGif(32, 32, 1).subarray(0, 40));
  bad(
    'gif-trailing-script.gif',
    'a GIF/JavaScript polyglot: script after the trailer',
    concat(validGif(8, 8, 1), text('*/=1;alert(1)//')),
  );
  blank(
    'gif-animated-3-frames.gif',
    'a valid 3-frame animation (only the first frame is decoded)',
    validGif(32, 32, 3),
  );

  // JPEG.
  blank('jpeg-baseline.jpg', 'a valid blank baseline JPEG', baselineJpeg);
  blank(
    'jpeg-progressive.jpg',
    'a valid progressive JPEG (flat grey)',
    flatJpeg({ width: 32, height: 32, progressive: true }),
  );
  blank(
    'jpeg-cmyk.jpg',
    'a valid 4-component Adobe CMYK JPEG (flat)',
    flatJpeg({ width: 32, height: 32, components: 4, adobe: true }),
  );
  tooLarge(
    'jpeg-scan-bomb.jpg',
    'a progressive JPEG with 1000 scans',
    flatJpeg({ width: 64, height: 64, progressive: true, extraScans: 999 }),
  );
  bad(
    'jpeg-cmyk-without-adobe.jpg',
    '4 components without the Adobe marker saying what they are',
    flatJpeg({ width: 32, height: 32, components: 4 }),
  );
  bad('jpeg-two-frames.jpg', 'two frame headers', flatJpeg({ width: 32, height: 32, twoFrames: true }));
  bad(
    'jpeg-dnl-height.jpg',
    'height 0 in the frame header (to be given by a DNL marker)',
    flatJpeg({ width: 32, height: 32, declaredHeight: 0 }),
  );
  tooLarge(
    'jpeg-header-60000.jpg',
    'a tiny JPEG whose frame header says 60000x60000',
    flatJpeg({ width: 60_000, height: 8, declaredHeight: 60_000 }),
  );
  tooLarge(
    'jpeg-4000x4000-over-budget.jpg',
    'a valid flat 4000x4000 JPEG (16 MP): decoding needs > 48 MB',
    flatJpeg({ width: 4000, height: 4000, components: 3 }),
  );
  notImage('jpeg-lossless.jpg', 'a lossless (SOF3) JPEG', flatJpeg({ width: 32, height: 32, sof: 0xc3 }));
  bad(
    'jpeg-truncated.jpg',
    'a JPEG cut before its scan ends',
    baselineJpeg.subarray(0, baselineJpeg.length - 40),
  );
  // Phones append data after EOI (motion-photo videos, maker trailers): what follows is never
  // read, so the JPEG part alone decides (here blank).
  blank(
    'jpeg-trailing-zip.jpg',
    'a JPEG/ZIP polyglot: a ZIP archive after EOI (decoded as the JPEG it starts with)',
    concat(baselineJpeg, text('PK\x03\x04'), noise(200)),
  );
  bad(
    'jpeg-noise.jpg',
    'a JPEG start of image followed by noise',
    concat(Uint8Array.of(0xff, 0xd8, 0xff), noise(3000)),
  );

  // Not images at all, whatever their names say.
  notImage(
    'svg-named.png',
    'an SVG with a script, named .png',
    text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
  );
  notImage(
    'html-named.png',
    'an HTML page named .png',
    text('<!doctype html><html><body><img src=x onerror=alert(1)></body></html>'),
  );
  notImage(
    'webp-named.png',
    'a WebP (recognised, refused) named .png',
    concat(text('RIFF'), u32(30), text('WEBPVP8 '), noise(22)),
  );
  notImage('empty.png', 'an empty file', new Uint8Array(0));
  notImage('noise.png', '4 KB of random bytes', noise(4096));
  add(
    'two-mb-plus-one.png',
    'a valid PNG padded to 2 MB + 1 byte',
    concat(blankGrey, new Uint8Array(2 * 1024 * 1024 + 1 - blankGrey.length)),
    413,
    'payload_too_large',
  );
  return list;
}
