import type { PixelImage } from '@cifra/digits';
import jpeg from 'jpeg-js';
import { GifReader } from 'omggif';
import { convertIndexedToRgb, decode as decodePngFile } from 'fast-png';
import { CorruptImageError, ImageTooLargeError, UnsupportedImageError } from './errors.ts';
import { readDimensions, sniffFormat, type ImageFormat } from './sniff.ts';

/** Limits checked against the header before decoding. */
export interface DecodeLimits {
  /** Longest side allowed. @default 4096 */
  maxSide?: number;
  /** Most pixels allowed. @default 16_000_000 */
  maxPixels?: number;
}

/**
 * Decodes PNG, JPEG or GIF (first frame) with maintained pure-JS decoders (fast-png, jpeg-js,
 * omggif) that run alike in Node and workerd (pngjs does not: its zlib use breaks there), after
 * checking the declared size against the limits. The format comes from
 * the magic bytes. WebP is recognised but refused: no maintained pure-JS decoder is kept.
 */
export function decodeImage(
  bytes: Uint8Array,
  limits: DecodeLimits = {},
): PixelImage & { format: ImageFormat } {
  const format = sniffFormat(bytes);
  if (!format) throw new UnsupportedImageError();
  const { width, height } = readDimensions(bytes, format);
  const maxSide = limits.maxSide ?? 4096;
  const maxPixels = limits.maxPixels ?? 16_000_000;
  if (width < 1 || height < 1)
    throw new CorruptImageError(`The image declares an empty size (${width}x${height}).`);
  if (width > maxSide || height > maxSide || width * height > maxPixels) {
    throw new ImageTooLargeError(
      `The image is ${width}x${height}; at most ${maxSide} px a side and ${maxPixels / 1e6} megapixels.`,
    );
  }
  if (format === 'webp') throw new UnsupportedImageError('WebP is not supported: send PNG, JPEG or GIF.');
  try {
    switch (format) {
      case 'png':
        return { format, ...decodePng(bytes) };
      case 'jpeg': {
        const image = jpeg.decode(bytes, {
          useTArray: true,
          formatAsRGBA: true,
          // Bounds keep a hostile file from taking all memory.
          maxResolutionInMP: Math.ceil(maxPixels / 1e6),
          maxMemoryUsageInMB: 512,
        });
        return { format, width: image.width, height: image.height, data: image.data, channels: 4 };
      }
      case 'gif': {
        const reader = new GifReader(bytes);
        const data = new Uint8Array(reader.width * reader.height * 4);
        reader.decodeAndBlitFrameRGBA(0, data);
        return { format, width: reader.width, height: reader.height, data, channels: 4 };
      }
    }
  } catch (error) {
    throw new CorruptImageError(
      `The ${format.toUpperCase()} file is damaged: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Any PNG (indexed, grey, grey+alpha, RGB, RGBA; 1–16 bits) → 8-bit grey, RGB or RGBA. */
function decodePng(bytes: Uint8Array): {
  width: number;
  height: number;
  data: Uint8Array;
  channels: 1 | 3 | 4;
} {
  const png = decodePngFile(bytes);
  const { width, height } = png;
  if (png.palette) {
    const data = convertIndexedToRgb(png);
    return { width, height, data, channels: data.length === width * height * 4 ? 4 : 3 };
  }
  const count = width * height * png.channels;
  const max = 2 ** png.depth - 1;
  const eight = new Uint8Array(count);
  for (let index = 0; index < count; index++) eight[index] = Math.round(((png.data[index] ?? 0) * 255) / max);
  if (png.channels === 2) {
    // Grey + alpha → RGBA, so alpha is composited like any other transparent picture.
    const rgba = new Uint8Array(width * height * 4);
    for (let pixel = 0; pixel < width * height; pixel++) {
      const grey = eight[pixel * 2] ?? 0;
      rgba.set([grey, grey, grey, eight[pixel * 2 + 1] ?? 255], pixel * 4);
    }
    return { width, height, data: rgba, channels: 4 };
  }
  return { width, height, data: eight, channels: png.channels as 1 | 3 | 4 };
}
