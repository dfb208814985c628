import { inputHashSchema, predictionBodySchema, type PredictionWrite } from '@cifra/contracts';
import { Hono, type Context } from 'hono';
import { readConfig } from '../config.ts';
import type { AppEnv } from '../env.ts';
import { createRedis } from '../lib/redis.ts';
import { degradedHeader, enforceLimits } from '../limits/rate-limit.ts';
import { ApiError } from '../middleware/errors.ts';
import { jsonBodyLimit, readJsonBody } from '../middleware/json-body.ts';
import { requireAuth } from '../middleware/require-auth.ts';
import { loadManifest } from '../model/manifests.ts';
import { lookupPrediction, recordPrediction } from '../predictions/shared-cache.ts';

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
 * `GET|PUT /api/predictions/<version>/<sha256>`: the shared cache. Both degrade when Redis is
 * down — a read becomes a miss, a write is skipped — and say so in `Cifra-Degraded`.
 */
export const predictions = new Hono<AppEnv>()
  .use(requireAuth())
  .get('/:version/:hash', async (c) => {
    const config = readConfig(c.env);
    const entry = await entryOf(c);
    const user = c.get('user').sub;
    await enforceLimits(
      c,
      [{ name: 'cache-read-user', spec: config.LIMIT_CACHE_READS_PER_USER, identifier: user }],
      'open',
    );
    let hit;
    try {
      hit = await lookupPrediction(createRedis(c.env), {
        ...entry,
        reader: user,
        quorum: config.CACHE_QUORUM,
      });
    } catch {
      c.header(degradedHeader, 'cache-unavailable');
    }
    if (!hit) throw new ApiError(404, 'not_found', 'Not in the shared cache.');
    return c.json(hit);
  })
  .put('/:version/:hash', jsonBodyLimit(), async (c) => {
    const config = readConfig(c.env);
    const entry = await entryOf(c);
    const body = await readJsonBody(c, predictionBodySchema);
    const user = c.get('user').sub;
    await enforceLimits(
      c,
      [{ name: 'cache-write-user', spec: config.LIMIT_CACHE_WRITES_PER_USER, identifier: user }],
      'open',
    );
    try {
      const votes = await recordPrediction(
        createRedis(c.env),
        { ...entry, voter: user, ttlSeconds: config.CACHE_TTL_SECONDS },
        body,
      );
      const answer: PredictionWrite = { stored: true, votes, shared: votes >= config.CACHE_QUORUM };
      return c.json(answer);
    } catch {
      c.header(degradedHeader, 'cache-unavailable');
      const skipped: PredictionWrite = { stored: false, votes: 0, shared: false };
      return c.json(skipped, 202);
    }
  });
