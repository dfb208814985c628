import type { PixelImage } from '@cifra/digits';

/** Pictures larger than this are refused before decoding (a 4096x4096 photo is plenty). */
const maxPixels = 40_000_000;

/** Raised for files the browser cannot decode as an image. */
export class UnreadableImageError extends Error {
  override name = 'UnreadableImageError';
}

/**
 * Decodes an image file off the main thread (this runs in the worker): createImageBitmap, then
 * an OffscreenCanvas readback, with EXIF orientation applied.
 */
export async function decodeImage(name: string, blob: Blob): Promise<PixelImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  } catch {
    throw new UnreadableImageError(
      `"${name}" is not an image this browser can read (PNG, JPEG, GIF, WebP…).`,
    );
  }
  try {
    if (bitmap.width * bitmap.height > maxPixels) {
      throw new UnreadableImageError(`"${name}" is too large (${bitmap.width}x${bitmap.height}).`);
    }
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new UnreadableImageError('This browser cannot read pixels off the main thread.');
    context.drawImage(bitmap, 0, 0);
    const { data, width, height } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    return { width, height, data, channels: 4 };
  } finally {
    bitmap.close();
  }
}
