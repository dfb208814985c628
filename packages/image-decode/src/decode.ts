import type { PixelImage } from '@cifra/digits';
import jpeg from 'jpeg-js';
import { convertIndexedToRgb, decode as decodePngFile } from 'fast-png';
import { CorruptImageError, ImageError, ImageTooLargeError, UnsupportedImageError } from './errors.ts';
import { decodeGifFirstFrame, readGifLayout } from './gif.ts';
import { jpegDecodeBytes, readJpegLayout } from './jpeg.ts';
import { checkPngInflatedSize, readPngLayout, type PngLayout } from './png.ts';
import { sniffFormat, type ImageFormat } from './sniff.ts';

/** Limits checked against the header before decoding. */
export interface DecodeLimits {
  /** Longest side allowed. @default 4096 */
  maxSide?: number;
  /** Most pixels allowed. @default 16_000_000 */
  maxPixels?: number;
  /**
   * Most bytes the decoder may hold at once (its buffers and every copy of the pixels),
   * computed from the header before decoding. @default 48 MiB (a Worker isolate has 128 MB)
   */
  maxDecodeBytes?: number;
}

export const defaultMaxDecodeBytes = 48 * 1024 * 1024;

/** The decoded picture and the format its magic bytes named. */
export type DecodedImage = PixelImage & { format: ImageFormat };

/**
 * Decodes PNG, JPEG or GIF (first frame) with pure-JS decoders (fast-png, jpeg-js, and an LZW
 * decoder of its own for GIF: omggif's loops for ever on some corrupt streams) that run alike
 * in Node and workerd. Before any pixel is decoded the whole file's
 * structure is checked (PNG: one IHDR first, chunk order, CRCs, the inflated size; GIF: every
 * frame inside the screen, a frame cap; JPEG: one frame, a scan cap), the declared size is
 * checked against the limits, and the memory decoding would take is computed from the header
 * and refused above `maxDecodeBytes`. Whatever a hostile file does, this throws only
 * {@link ImageError}s. The format comes from the magic bytes; WebP is recognised but refused.
 */
export function decodeImage(bytes: Uint8Array, limits: DecodeLimits = {}): DecodedImage {
  const format = sniffFormat(bytes);
  if (!format) throw new UnsupportedImageError();
  const maxSide = limits.maxSide ?? 4096;
  const maxPixels = limits.maxPixels ?? 16_000_000;
  const maxDecodeBytes = limits.maxDecodeBytes ?? defaultMaxDecodeBytes;
  const checkSize = (width: number, height: number) => {
    if (width < 1 || height < 1)
      throw new CorruptImageError(`The image declares an empty size (${width}x${height}).`);
    if (width > maxSide || height > maxSide || width * height > maxPixels) {
      throw new ImageTooLargeError(
        `The image is ${width}x${height}; at most ${maxSide} px a side and ${maxPixels / 1e6} megapixels.`,
      );
    }
  };
  const checkBudget = (width: number, height: number, needed: number) => {
    if (needed > maxDecodeBytes)
      throw new ImageTooLargeError(
        `The image is ${width}x${height}; decoding it would take about ${Math.ceil(needed / 2 ** 20)} MB, ` +
          `at most ${Math.floor(maxDecodeBytes / 2 ** 20)} MB is allowed.`,
      );
  };
  if (format === 'webp') throw new UnsupportedImageError('WebP is not supported: send PNG, JPEG or GIF.');
  try {
    switch (format) {
      case 'png': {
        const layout = readPngLayout(bytes);
        checkSize(layout.width, layout.height);
        checkBudget(layout.width, layout.height, pngDecodeBytes(layout));
        if (layout.interlaced && layout.depth < 8)
          throw new UnsupportedImageError(
            `Interlaced PNGs of ${layout.depth} bits a sample are not supported: save it without interlacing.`,
          );
        checkPngInflatedSize(layout.idat, layout.inflatedBytes);
        return { format, ...decodePng(layout) };
      }
      case 'jpeg': {
        const layout = readJpegLayout(bytes);
        checkSize(layout.width, layout.height);
        const needed = jpegDecodeBytes(layout) + layout.width * layout.height * 4;
        checkBudget(layout.width, layout.height, needed);
        const image = jpeg.decode(bytes.subarray(0, layout.length), {
          useTArray: true,
          formatAsRGBA: true,
          tolerantDecoding: false,
          maxResolutionInMP: Math.ceil(maxPixels / 1e6),
          // jpeg-js's own count of what it allocates: a second fence behind the estimate.
          maxMemoryUsageInMB: Math.floor(maxDecodeBytes / 2 ** 20),
        });
        if (image.width !== layout.width || image.height !== layout.height)
          throw new CorruptImageError('The JPEG file is damaged: its frame is not what its header says.');
        return { format, width: image.width, height: image.height, data: image.data, channels: 4 };
      }
      case 'gif': {
        const layout = readGifLayout(bytes);
        checkSize(layout.width, layout.height);
        const { first } = layout;
        const needed = first.lzw.length + first.width * first.height + layout.width * layout.height * 4;
        checkBudget(layout.width, layout.height, needed);
        // Only the first frame is decoded; the others were only walked.
        const data = decodeGifFirstFrame(layout);
        return { format, width: layout.width, height: layout.height, data, channels: 4 };
      }
    }
  } catch (error) {
    if (error instanceof ImageError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (/maxMemoryUsageInMB|maxResolutionInMP|allocate enough memory/.test(message))
      throw new ImageTooLargeError(`The image would take too much memory to decode (${message}).`);
    throw new CorruptImageError(`The ${format.toUpperCase()} file is damaged: ${message}`);
  }
}

/** Samples per pixel of what decodePng returns. */
const outputChannels = (layout: PngLayout) =>
  layout.colorType === 3 ? 4 : layout.colorType === 4 ? 4 : layout.channels;

/**
 * Peak bytes of decoding a PNG, from its header: the chunks kept for the decoder, the inflated
 * stream twice (fast-png gathers the inflater's pieces, then joins them), the unfiltered
 * samples, the 8-bit copy and the RGBA expansion of grey+alpha and indexed pixels.
 */
export function pngDecodeBytes(layout: PngLayout): number {
  const pixels = layout.width * layout.height;
  const unfiltered = layout.interlaced
    ? pixels * layout.channels * Math.ceil(layout.depth / 8)
    : layout.height * Math.ceil((layout.width * layout.channels * layout.depth) / 8);
  const eight = layout.colorType === 3 ? 0 : pixels * layout.channels;
  return (
    layout.critical.length + 2 * layout.inflatedBytes + unfiltered + eight + pixels * outputChannels(layout)
  );
}

/** Any PNG (indexed, grey, grey+alpha, RGB, RGBA; 1–16 bits) → 8-bit grey, RGB or RGBA. */
function decodePng(layout: PngLayout): {
  width: number;
  height: number;
  data: Uint8Array;
  channels: 1 | 3 | 4;
} {
  const png = decodePngFile(layout.critical, { checkCrc: false });
  const { width, height } = layout;
  if (png.width !== width || png.height !== height || png.channels !== layout.channels)
    throw new CorruptImageError('The PNG file is damaged: it decodes to another size than its header says.');
  if (layout.colorType === 3) {
    const data = convertIndexedToRgb(png);
    return { width, height, data, channels: data.length === width * height * 4 ? 4 : 3 };
  }
  const count = width * height * png.channels;
  const max = 2 ** png.depth - 1;
  const eight = new Uint8Array(count);
  if (png.depth < 8) {
    // Grey of 1, 2 or 4 bits comes packed, rows padded to whole bytes.
    const stride = Math.ceil((width * png.depth) / 8);
    const perByte = 8 / png.depth;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const byte = png.data[y * stride + Math.floor(x / perByte)] ?? 0;
        const shift = 8 - png.depth * ((x % perByte) + 1);
        eight[y * width + x] = Math.round((((byte >> shift) & max) * 255) / max);
      }
    }
  } else {
    for (let index = 0; index < count; index++)
      eight[index] = Math.round(((png.data[index] ?? 0) * 255) / max);
  }
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
