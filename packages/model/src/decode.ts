/**
 * Image decoding for the CLI with maintained pure-JS decoders (pngjs, jpeg-js, omggif). The
 * format is taken from the file's magic bytes, never from its name, so a text file renamed
 * .png is reported as what it is.
 */
import jpeg from 'jpeg-js';
import { GifReader } from 'omggif';
import { PNG } from 'pngjs';
import type { PixelImage } from '@cifra/digits';

export class DecodeError extends Error {
  override name = 'DecodeError';
}

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';

export function sniffFormat(bytes: Uint8Array): ImageFormat | null {
  const starts = (sig: number[], at = 0): boolean => sig.every((b, i) => bytes[at + i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts([0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts([0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  return null;
}

/** Decodes PNG, JPEG or GIF (first frame) to RGBA. */
export function decodeImage(bytes: Uint8Array): PixelImage {
  const format = sniffFormat(bytes);
  try {
    switch (format) {
      case 'png': {
        const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        return { width: png.width, height: png.height, data: new Uint8Array(png.data), channels: 4 };
      }
      case 'jpeg': {
        const img = jpeg.decode(bytes, {
          useTArray: true,
          formatAsRGBA: true,
          // Bounds keep a hostile file from taking all memory.
          maxResolutionInMP: 100,
          maxMemoryUsageInMB: 1024,
        });
        return { width: img.width, height: img.height, data: img.data, channels: 4 };
      }
      case 'gif': {
        const reader = new GifReader(bytes);
        const data = new Uint8Array(reader.width * reader.height * 4);
        reader.decodeAndBlitFrameRGBA(0, data);
        return { width: reader.width, height: reader.height, data, channels: 4 };
      }
      case 'webp':
        throw new DecodeError(
          'WebP is not supported (no maintained pure-JS decoder is kept); use PNG, JPEG or GIF',
        );
      default:
        throw new DecodeError('not a PNG, JPEG or GIF image');
    }
  } catch (err) {
    if (err instanceof DecodeError) throw err;
    throw new DecodeError(
      `cannot decode ${format ?? 'image'}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
