import type { PredictResponse } from '@cifra/contracts';
import { inputHash, NoInkError, toModelInput } from '@cifra/digits';
import { decodeImage, ImageError } from '@cifra/image-decode';
import { Hono, type Context } from 'hono';
import { endTime, startTime } from 'hono/timing';
import { readConfig } from '../config.ts';
import type { AppEnv } from '../env.ts';
import { requestRedis } from '../redis/request-redis.ts';
import { degradedHeader } from '../limits/rate-limit.ts';
import { ApiError, payloadTooLarge } from '../middleware/errors.ts';
import { edgeModel } from '../inference/edge-model.ts';
import { lookupEdgePrediction, storeEdgePrediction } from '../shared-cache/shared-cache.ts';

/** Largest image accepted (the file itself; a multipart envelope may add a little). */
export const maxImageBytes = 2 * 1024 * 1024;
/** What a multipart envelope may add around the file. */
export const multipartSlackBytes = 16 * 1024;

const imageStatus = { unsupported_type: 415, bad_image: 422, too_large: 422 } as const;

/** The image bytes: a multipart `file` field (as the seed), or a raw body with an image type. */
async function readImage(c: Context<AppEnv>): Promise<Uint8Array> {
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
 * `POST /api/predict`: the seed's /predict at the edge, for clients without a browser. Same
 * decoding as the CLI (@cifra/image-decode), same preprocessing as the app (@cifra/digits),
 * same model and shared-cache keys. Its limiters (app.ts) fail closed: inference is the most
 * expensive thing the edge does.
 */
export const predict = new Hono<AppEnv>().post('/', async (c) => {
  const started = Date.now();
  const config = readConfig(c.env);

  const bytes = await readImage(c);
  let pixels: Uint8Array;
  try {
    startTime(c, 'decode');
    const image = decodeImage(bytes);
    endTime(c, 'decode');
    startTime(c, 'preprocess');
    pixels = toModelInput(image).pixels;
    endTime(c, 'preprocess');
  } catch (error) {
    if (error instanceof ImageError) {
      const code = error.code === 'too_large' ? 'image_too_large' : error.code;
      throw new ApiError(imageStatus[error.code], code, error.message, { cause: error });
    }
    if (error instanceof NoInkError)
      throw new ApiError(422, 'no_ink', 'No digit found: the picture looks blank.', { cause: error });
    throw error;
  }

  const model = await edgeModel(c.env);
  const hash = await inputHash(pixels);
  const entry = { version: model.predictor.version, inputHash: hash };
  const redis = requestRedis(c);
  // Only answers this edge computed itself are in the cache: a hit is as good as inferring.
  startTime(c, 'cache');
  const hit = await lookupEdgePrediction(redis, entry).catch(() => {
    c.header(degradedHeader, 'cache-unavailable');
    return undefined;
  });
  endTime(c, 'cache');
  if (hit) {
    const body: PredictResponse = {
      digit: hit.digit,
      probability: hit.probability,
      probabilities: hit.probabilities,
      cached: true,
      modelVersion: entry.version,
      ms: Date.now() - started,
    };
    return c.json(body);
  }

  startTime(c, 'infer', model.backend);
  const [prediction] = await model.predictor.predict([pixels]);
  endTime(c, 'infer');
  if (!prediction) throw new Error('the model gave no answer');
  // Storing must not delay the reply.
  const store = storeEdgePrediction(
    redis,
    { ...entry, ttlSeconds: config.CACHE_TTL_SECONDS },
    prediction,
  ).catch(() => {});
  try {
    c.executionCtx.waitUntil(store);
  } catch {
    await store;
  }
  const body: PredictResponse = {
    digit: prediction.digit,
    probability: prediction.probability,
    probabilities: prediction.probabilities,
    cached: false,
    backend: model.backend,
    modelVersion: entry.version,
    ms: Date.now() - started,
  };
  return c.json(body);
});
