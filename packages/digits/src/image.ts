/**
 * Raw pictures as any runtime hands them over (ImageData, decoded PNG/JPEG/GIF, canvas
 * readback), and their reduction to one luma channel with alpha composited on white.
 */
import { InvalidImageError } from './errors.ts';
import type { FloatImage } from './geometry.ts';
import { lumaInto } from './luma.ts';

export interface PixelImage {
  width: number;
  height: number;
  /** Row-major, `channels` bytes per pixel: 1 grey, 3 RGB, 4 RGBA. */
  data: Uint8Array | Uint8ClampedArray;
  /** Inferred from data.length when omitted. */
  channels?: 1 | 3 | 4;
}

export function channelsOf(image: PixelImage): 1 | 3 | 4 {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new InvalidImageError(`image size ${width}x${height} is not a positive integer size`);
  }
  const pixels = width * height;
  const channels = image.channels ?? data.length / pixels;
  if ((channels !== 1 && channels !== 3 && channels !== 4) || data.length !== pixels * channels) {
    throw new InvalidImageError(
      `${data.length} bytes do not make a ${width}x${height} image of 1, 3 or 4 channels`,
    );
  }
  return channels;
}

/** Luma (Rec. 601) in 0..255; transparent pixels count as white paper. */
export function toLuma(image: PixelImage): FloatImage {
  const channels = channelsOf(image);
  const out = new Float32Array(image.width * image.height);
  lumaInto(image, channels, 0, out.length, out);
  return { width: image.width, height: image.height, data: out };
}
