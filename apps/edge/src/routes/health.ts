import type { Health } from '@cifra/contracts';
import { Hono } from 'hono';
import pkg from '../../package.json' with { type: 'json' };
import type { AppEnv } from '../env.ts';
import { requestRedis } from '../redis/request-redis.ts';

/**
 * How long an isolate reuses its last answer about Redis. Health is unauthenticated: without
 * this, anyone could turn requests to it into Redis traffic one for one. "Down" is kept
 * briefly, so a recovery shows at once.
 */
export const healthCacheMs = { up: 5_000, down: 1_000 } as const;

/** The last ping per Redis URL (tests point isolates at several), with when it was taken. */
const lastPing = new Map<string, { at: number; redis: Health['redis'] }>();

/** `GET /api/health`: the Worker answers; `redis` says whether Redis does too (checked at most every 5 s while up). */
export const health = new Hono<AppEnv>().get('/', async (c) => {
  const url = String(c.env.UPSTASH_REDIS_REST_URL ?? '');
  const now = Date.now();
  let redis = lastPing.get(url);
  if (!redis || now - redis.at >= healthCacheMs[redis.redis]) {
    let status: Health['redis'] = 'down';
    try {
      if ((await requestRedis(c).ping()) === 'PONG') status = 'up';
    } catch {
      // Down, hanging past the deadline, or not configured: reported in the body.
    }
    // Stamped when the answer came (a hanging Redis takes the whole deadline), so a "down" is
    // reused for its full second. Pings are not shared between requests in flight: workerd
    // forbids awaiting another request's I/O.
    redis = { at: Date.now(), redis: status };
    lastPing.set(url, redis);
  }
  const body: Health = { ok: redis.redis === 'up', redis: redis.redis, version: pkg.version };
  return c.json(body, body.ok ? 200 : 503);
});
