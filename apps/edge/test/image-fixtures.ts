import { toModelInput } from '@cifra/digits';
import { crc32, decodeImage } from '@cifra/image-decode';
import { loadMnist } from '@cifra/model';
import { GifWriter } from 'omggif';
import { PNG } from 'pngjs';
import { makeHostileImages } from '../../../scripts/lib/hostile-images.ts';

/** Images for the predict tests, made in Node (global setup) and passed to workerd as base64. */
function mnistDigit(index: number): { pixels: Uint8Array; label: number } {
  const test = loadMnist('test');
  return { pixels: test.images.subarray(index * 784, (index + 1) * 784), label: test.labels[index] ?? -1 };
}

function png(width: number, height: number, shade: (x: number, y: number) => number): Buffer {
  const image = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const value = shade(x, y);
      image.data.set([value, value, value, 255], (y * width + x) * 4);
    }
  }
  return PNG.sync.write(image);
}

/**
 * MNIST test digits side by side in 28-px cells (their own 4-px margins keep the ink apart), dark
 * on white at 3x: a handwritten number whose digits the model reads at ~100 %.
 */
function mnistNumber(indices: number[]): { png: Buffer; label: string } {
  const digits = indices.map(mnistDigit);
  const margin = 12;
  const scale = 3;
  const picture = png((margin * 2 + 28 * digits.length) * scale, (margin * 2 + 28) * scale, (x, y) => {
    const column = Math.floor(x / scale) - margin;
    const row = Math.floor(y / scale) - margin;
    const digit = digits[Math.floor(column / 28)];
    if (!digit || column < 0 || row < 0 || row >= 28) return 255;
    return 255 - (digit.pixels[row * 28 + (column % 28)] ?? 0);
  });
  return { png: picture, label: digits.map((digit) => digit.label).join('') };
}

export function makeImageFixtures() {
  // MNIST test digit #0 (a 7), dark ink on white paper at 4x, like a scan.
  const { pixels, label } = mnistDigit(0);
  const mnistPng = png(112, 112, (x, y) => 255 - (pixels[Math.floor(y / 4) * 28 + Math.floor(x / 4)] ?? 0));
  const gif = Buffer.alloc(4096);
  const writer = new GifWriter(gif, 28, 28, {
    palette: Array.from({ length: 256 }, (_, i) => (i << 16) | (i << 8) | i),
  });
  writer.addFrame(0, 0, 28, 28, Array.from(pixels));
  const mnistGif = gif.subarray(0, writer.end());
  const blankPng = png(64, 64, () => 255);
  // A real 1x1 PNG whose header (CRC and all) claims 30000x30000.
  const huge = png(1, 1, () => 0);
  huge.writeUInt32BE(30_000, 16);
  huge.writeUInt32BE(30_000, 20);
  huge.writeUInt32BE(crc32(huge.subarray(12, 29)), 29);
  const wide = png(1, 1, () => 0);
  wide.writeUInt32BE(5000, 16);
  wide.writeUInt32BE(crc32(wide.subarray(12, 29)), 29);
  const corrupt = Buffer.concat([mnistPng.subarray(0, 60), Buffer.alloc(200, 7)]);
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  // Another digit as a photo-like PNG, for tests that need a key of their own.
  const other = mnistDigit(1);
  const otherPng = png(
    140,
    140,
    (x, y) => 250 - (other.pixels[Math.floor(y / 5) * 28 + Math.floor(x / 5)] ?? 0) * 0.9,
  );
  // Digits from #12 on: the digits above are read by other tests, whose cache entries these must not share.
  const number = mnistNumber([27, 28, 26]);
  const otherNumber = mnistNumber([19, 13, 35]);
  // 30 round dots in a row, each apart from the next: more marks than any number may have.
  const dots = png(30 * 24 + 24, 64, (x, y) =>
    Math.hypot(((x - 12) % 24) - 12, y - 32) < 6 && x >= 12 && x < 30 * 24 + 12 ? 0 : 255,
  );
  return {
    /** A three-digit number of MNIST test digits (PNG) and what it reads. */
    numberPng: number.png.toString('base64'),
    numberLabel: number.label,
    /**
     * Another number ("402") of other MNIST digits, for tests that need inputs of their own; its
     * 2 is wide enough that the segmentation also scores cuts of it.
     */
    otherNumberPng: otherNumber.png.toString('base64'),
    otherNumberLabel: otherNumber.label,
    /** 30 separate dots in a row (PNG). */
    thirtyDotsPng: dots.toString('base64'),
    /** Real MNIST test digits as model inputs (784 bytes each), with their labels. */
    inputs: Array.from({ length: 12 }, (_, index) => {
      const digit = mnistDigit(index);
      return { input: base64(digit.pixels), label: digit.label };
    }),
    /** A second scanned digit, its label, and the model input the edge makes of it. */
    otherPng: otherPng.toString('base64'),
    otherLabel: other.label,
    otherPngInput: base64(toModelInput(decodeImage(otherPng)).pixels),
    mnistLabel: label,
    mnistPng: mnistPng.toString('base64'),
    mnistGif: mnistGif.toString('base64'),
    blankPng: blankPng.toString('base64'),
    hugeHeaderPng: huge.toString('base64'),
    wideHeaderPng: wide.toString('base64'),
    corruptPng: corrupt.toString('base64'),
    /** The hostile corpus's files that once went through the decoders (all but the 2 MB one). */
    hostile: makeHostileImages()
      .filter((image) => image.status !== 413)
      .map(({ name, bytes: data, status, code }) => ({ name, status, code, base64: base64(data) })),
  };
}

export type ImageFixtures = ReturnType<typeof makeImageFixtures>;
