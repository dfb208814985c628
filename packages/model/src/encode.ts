/**
 * Encoders for building test pictures and the robustness set (PNG, JPEG, greyscale GIF).
 */
import jpeg from 'jpeg-js';
import { GifWriter } from 'omggif';
import { PNG } from 'pngjs';

export function encodePng(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Uint8Array {
  const png = new PNG({ width, height });
  png.data = Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength);
  return PNG.sync.write(png);
}

export function encodeJpeg(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  quality: number,
): Uint8Array {
  return jpeg.encode({ data: rgba, width, height }, quality).data;
}

/** One-frame GIF with a 256-level grey palette; `grey` holds one byte per pixel. */
export function encodeGif(grey: Uint8Array, width: number, height: number): Uint8Array {
  const palette = Array.from({ length: 256 }, (_, i) => (i << 16) | (i << 8) | i);
  const out = new Uint8Array(width * height * 2 + 2048);
  const writer = new GifWriter(out, width, height, { palette });
  // @types/omggif says number[], but omggif only indexes the array: a typed array works.
  writer.addFrame(0, 0, width, height, grey as unknown as number[]);
  return out.slice(0, writer.end());
}

export function rgbaToGrey(rgba: Uint8Array | Uint8ClampedArray): Uint8Array {
  const grey = new Uint8Array(rgba.length / 4);
  for (let i = 0; i < grey.length; i++) {
    grey[i] = Math.round(
      0.299 * (rgba[i * 4] as number) +
        0.587 * (rgba[i * 4 + 1] as number) +
        0.114 * (rgba[i * 4 + 2] as number),
    );
  }
  return grey;
}
