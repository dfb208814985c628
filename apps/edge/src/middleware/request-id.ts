import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.ts';

/** Gives each request a random id, echoed in `X-Request-Id` so a log line can be found. */
export function requestId() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const id = crypto.randomUUID();
    c.set('requestId', id);
    await next();
    c.header('X-Request-Id', id);
  });
}
