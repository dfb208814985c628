import { contributionBodySchema, inputHashSchema, type ContributionResult } from '@cifra/contracts';
import { inputHash } from '@cifra/digits';
import type { Prediction } from '@cifra/inference';
import { Hono, type Context } from 'hono';
import { endTime, startTime } from 'hono/timing';
import { readConfig } from '../config.ts';
import type { AppEnv } from '../env.ts';
import { edgeModel } from '../inference/edge-model.ts';
import { requestRedis } from '../redis/request-redis.ts';
import { assertAllowanceLeft, degradedHeader, recordFailure } from '../limits/rate-limit.ts';
import { ApiError } from '../middleware/errors.ts';
import { readJsonBody } from '../middleware/json-body.ts';
import { loadManifest } from '../model/manifests.ts';
import { fromBase64 } from '../utils/encoding.ts';
import { lookupEdgePrediction, storeEdgePrediction } from '../shared-cache/shared-cache.ts';

/** Validates the path: a known model version and a lowercase hex SHA-256. */
async function entryOf(c: Context<AppEnv>): Promise<{ version: string; inputHash: string }> {
  const { version, hash } = c.req.param() as { version: string; hash: string };
  if (!inputHashSchema.safeParse(hash).success) {
    throw new ApiError(400, 'invalid_request', 'The input hash must be 64 lowercase hex digits.', {
      issues: [{ path: 'sha256', message: 'lowercase hex SHA-256' }],
    });
  }
  if (!(await loadManifest(c.env, version)))
    throw new ApiError(404, 'not_found', `Unknown model version ${version}.`);
  return { version, inputHash: hash };
}

/**
 * `GET|PUT /api/predictions/<version>/<sha256>`: the shared cache, which serves only answers the
 * edge computed itself. Both degrade when Redis is down — a read becomes a miss, a write is
 * skipped — and say so in `Cifra-Degraded`.
 */
export const predictions = new Hono<AppEnv>()
  .get('/:version/:hash', async (c) => {
    const entry = await entryOf(c);
    let hit;
    try {
      hit = await lookupEdgePrediction(requestRedis(c), entry);
    } catch {
      c.header(degradedHeader, 'cache-unavailable');
    }
    if (!hit) throw new ApiError(404, 'not_found', 'Not in the shared cache.');
    return c.json(hit);
  })
  /**
   * A contribution: the 784-byte input the client hashed and the digit it read. The edge checks
   * the hash, runs its own model and keeps its own answer; a client that disagrees with the
   * model gets 409 and nothing is stored. Accounts that keep disagreeing lose the right to
   * contribute for a while (LIMIT_CACHE_DISAGREEMENTS_PER_USER).
   */
  .put('/:version/:hash', async (c) => {
    const config = readConfig(c.env);
    const entry = await entryOf(c);
    const user = c.get('user').sub;
    const disagreements = {
      name: 'cache-disagree-user',
      spec: config.LIMIT_CACHE_DISAGREEMENTS_PER_USER,
      identifier: user,
    };
    await assertAllowanceLeft(c, disagreements, 'open');
    const body = await readJsonBody(c, contributionBodySchema);
    // The schema already checked: 784 bytes of base64.
    const input = fromBase64(body.input);
    if ((await inputHash(input)) !== entry.inputHash)
      throw new ApiError(
        400,
        'hash_mismatch',
        'The SHA-256 of the 784 input bytes is not the key in the path: nothing was stored.',
      );
    const model = await edgeModel(c.env);
    if (model.predictor.version !== entry.version)
      throw new ApiError(
        409,
        'model_outdated',
        `This edge runs model ${model.predictor.version}; contributions for ${entry.version} are not kept. Update the app.`,
      );
    const redis = requestRedis(c);
    startTime(c, 'cache');
    const known = await lookupEdgePrediction(redis, entry).catch(() => undefined);
    endTime(c, 'cache');
    let prediction: Prediction | undefined = known;
    if (!prediction) {
      startTime(c, 'infer', model.backend);
      [prediction] = await model.predictor.predict([input]);
      endTime(c, 'infer');
    }
    if (!prediction) throw new Error('the model gave no answer');
    if (prediction.digit !== body.digit) {
      await recordFailure(c, disagreements);
      throw new ApiError(
        409,
        'disagrees',
        `The edge's model reads this input as ${prediction.digit}, not ${body.digit}: nothing was stored.`,
      );
    }
    if (known) return c.json<ContributionResult>({ stored: true, digit: known.digit });
    try {
      await storeEdgePrediction(redis, { ...entry, ttlSeconds: config.CACHE_TTL_SECONDS }, prediction);
      return c.json<ContributionResult>({ stored: true, digit: prediction.digit }, 201);
    } catch {
      c.header(degradedHeader, 'cache-unavailable');
      return c.json<ContributionResult>({ stored: false, digit: prediction.digit }, 202);
    }
  });
