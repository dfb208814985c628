import type { PixelImage } from '@cifra/digits';
import { WorkerFailure } from './worker-error.ts';

/** Pictures larger than this are refused before decoding (a 4096x4096 photo is plenty). */
const maxPixels = 40_000_000;

/**
 * Decodes an image file off the main thread (this runs in the worker): createImageBitmap, then
 * an OffscreenCanvas readback, with EXIF orientation applied.
 */
export async function decodeImage(name: string, blob: Blob): Promise<PixelImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  } catch {
    throw new WorkerFailure('unreadable_image', `"${name}" is not an image this browser can read.`);
  }
  try {
    if (bitmap.width * bitmap.height > maxPixels) {
      throw new WorkerFailure(
        'image_too_large',
        `"${name}" is too large (${bitmap.width}x${bitmap.height}).`,
      );
    }
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context)
      throw new WorkerFailure('no_offscreen_pixels', 'This browser cannot read pixels off the main thread.');
    context.drawImage(bitmap, 0, 0);
    const { data, width, height } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    return { width, height, data, channels: 4 };
  } finally {
    bitmap.close();
  }
}
