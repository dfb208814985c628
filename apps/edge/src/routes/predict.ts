import type { PredictResponse } from '@cifra/contracts';
import { inputHash, toModelInput } from '@cifra/digits';
import { Hono } from 'hono';
import { endTime, startTime } from 'hono/timing';
import { readConfig } from '../config.ts';
import type { AppEnv } from '../env.ts';
import { requestRedis } from '../redis/request-redis.ts';
import { degradedHeader } from '../limits/rate-limit.ts';
import { edgeModel } from '../inference/edge-model.ts';
import { lookupEdgePrediction, storeEdgePrediction } from '../shared-cache/shared-cache.ts';
import { decodeUpload, imageApiError } from './image-upload.ts';

/**
 * `POST /api/predict`: the seed's /predict at the edge, for clients without a browser. Same
 * decoding as the CLI (@cifra/image-decode), same preprocessing as the app (@cifra/digits),
 * same model and shared-cache keys. Its limiters (app.ts) fail closed: inference is the most
 * expensive thing the edge does.
 */
export const predict = new Hono<AppEnv>().post('/', async (c) => {
  const started = Date.now();
  const config = readConfig(c.env);

  const image = await decodeUpload(c);
  let pixels: Uint8Array;
  try {
    startTime(c, 'preprocess');
    pixels = toModelInput(image).pixels;
    endTime(c, 'preprocess');
  } catch (error) {
    throw imageApiError(error);
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
