import type { Health } from '@cifra/contracts';
import { Hono } from 'hono';
import pkg from '../../package.json' with { type: 'json' };
import type { AppEnv } from '../env.ts';
import { createRedis, withTimeout } from '../lib/redis.ts';

/** How long the health check waits for Redis's PONG. */
const redisTimeoutMs = 1_000;

/** `GET /api/health`: the Worker answers; `redis` says whether Redis does too. */
export const health = new Hono<AppEnv>().get('/', async (c) => {
  let redis: Health['redis'] = 'down';
  try {
    const pong = await withTimeout(createRedis(c.env).ping(), redisTimeoutMs);
    if (pong === 'PONG') redis = 'up';
  } catch {
    // Down or not configured: reported in the body, the Worker itself is alive.
  }
  const body: Health = { ok: redis === 'up', redis, version: pkg.version };
  return c.json(body, body.ok ? 200 : 503);
});
