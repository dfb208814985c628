import type { ReadResponse } from '@cifra/contracts';
import {
  chooseReading,
  inputHash,
  ownAnswer,
  planNumber,
  toNumberAnswer,
  TooManyDigitsError,
  type NumberDigit,
  type NumberPlan,
} from '@cifra/digits';
import { Hono, type Context } from 'hono';
import { endTime, startTime } from 'hono/timing';
import { readConfig } from '../config.ts';
import type { AppEnv } from '../env.ts';
import { edgeModel } from '../inference/edge-model.ts';
import { ApiError } from '../middleware/errors.ts';
import { requestRedis } from '../redis/request-redis.ts';
import { storeEdgePrediction } from '../shared-cache/shared-cache.ts';
import { decodeUpload, imageApiError } from './image-upload.ts';

/**
 * Puts each digit the edge read into the shared cache under its own input's hash, as
 * `POST /api/predict` does with its answers: the edge computed them itself, so they are safe to
 * serve to anyone. Never delays the reply, and a failure only loses the entries.
 */
async function shareDigits(
  c: Context<AppEnv>,
  version: string,
  digits: readonly NumberDigit[],
): Promise<void> {
  const ttlSeconds = readConfig(c.env).CACHE_TTL_SECONDS;
  const redis = requestRedis(c);
  const store = Promise.all(
    digits.map(async (digit) => {
      const entry = { version, inputHash: await inputHash(digit.pixels), ttlSeconds };
      // The model's own answer for the input, which /api/predict would give: not the reading's.
      await storeEdgePrediction(redis, entry, ownAnswer(digit));
    }),
  ).catch(() => {});
  try {
    c.executionCtx.waitUntil(store);
  } catch {
    // No execution context (app.request without one): store before answering instead.
    await store;
  }
}

/**
 * `POST /api/read`: a whole handwritten number from one picture, for clients without a browser.
 * The same picture rules as `POST /api/predict` (image-upload.ts), the same segmentation as the
 * app and the CLI (`planNumber` → the model, all candidates in one batch → `chooseReading`), and
 * the same answer fields (`toNumberAnswer`). Its auth, body cap and limiters are mounted in app.ts.
 */
export const read = new Hono<AppEnv>().post('/', async (c) => {
  const started = Date.now();
  const image = await decodeUpload(c);
  let plan: NumberPlan;
  try {
    startTime(c, 'segment');
    plan = planNumber(image);
    endTime(c, 'segment');
  } catch (error) {
    if (error instanceof TooManyDigitsError)
      throw new ApiError(
        422,
        'too_many_digits',
        `${error.found} separate marks found: a number may have at most ${error.limit} digits.`,
        { cause: error },
      );
    throw imageApiError(error);
  }

  const model = await edgeModel(c.env);
  startTime(c, 'infer', model.backend);
  const scores = await model.predictor.predictParts(plan.inputs);
  endTime(c, 'infer');
  const reading = chooseReading(plan, scores);
  await shareDigits(c, model.predictor.version, reading.digits);

  const body: ReadResponse = {
    ...toNumberAnswer(reading),
    backend: model.backend,
    modelVersion: model.predictor.version,
    ms: Date.now() - started,
  };
  return c.json(body);
});
