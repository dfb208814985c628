/**
 * The picture of an image route (`POST /api/predict`, `POST /api/read`): read from the request
 * and decoded the same way for both, so both accept the same files and refuse the rest with the
 * same codes and statuses.
 */
import { NoInkError, type PixelImage } from '@cifra/digits';
import { decodeImage, ImageError } from '@cifra/image-decode';
import type { Context } from 'hono';
import { endTime, startTime } from 'hono/timing';
import type { AppEnv } from '../env.ts';
import { ApiError, payloadTooLarge } from '../middleware/errors.ts';

/** Largest image accepted (the file itself; a multipart envelope may add a little). */
export const maxImageBytes = 2 * 1024 * 1024;
/** What a multipart envelope may add around the file. */
export const multipartSlackBytes = 16 * 1024;

const imageStatus = { unsupported_type: 415, bad_image: 422, too_large: 422 } as const;

/** The image bytes: a multipart `file` field (as the seed), or a raw body with an image type. */
export async function readImage(c: Context<AppEnv>): Promise<Uint8Array> {
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    let form: Record<string, string | File | (string | File)[]>;
    try {
      form = await c.req.parseBody();
    } catch (cause) {
      throw new ApiError(400, 'invalid_request', 'The multipart body could not be read.', { cause });
    }
    const file = form.file;
    if (!(file instanceof File))
      throw new ApiError(400, 'no_file', 'Send the image in a multipart field named "file".');
    if (!file.name) throw new ApiError(400, 'no_file', 'The file has no name: choose a file to upload.');
    if (file.size > maxImageBytes) throw payloadTooLarge(maxImageBytes);
    return new Uint8Array(await file.arrayBuffer());
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.length === 0)
    throw new ApiError(400, 'no_file', 'No image: send a multipart "file" field or the image as the body.');
  if (bytes.length > maxImageBytes) throw payloadTooLarge(maxImageBytes);
  return bytes;
}

/**
 * The documented answer for a picture that cannot be read (415 `unsupported_type`, 422
 * `bad_image`/`image_too_large`) or has nothing on it (422 `no_ink`); anything else is
 * returned as it is, for the route to map or rethrow.
 */
export function imageApiError(error: unknown): unknown {
  if (error instanceof ImageError) {
    const code = error.code === 'too_large' ? 'image_too_large' : error.code;
    return new ApiError(imageStatus[error.code], code, error.message, { cause: error });
  }
  if (error instanceof NoInkError)
    return new ApiError(422, 'no_ink', 'No digit found: the picture looks blank.', { cause: error });
  return error;
}

/** Reads and decodes the request's picture, timed as `decode` in Server-Timing. */
export async function decodeUpload(c: Context<AppEnv>): Promise<PixelImage> {
  const bytes = await readImage(c);
  startTime(c, 'decode');
  try {
    return decodeImage(bytes);
  } catch (error) {
    throw imageApiError(error);
  } finally {
    endTime(c, 'decode');
  }
}
