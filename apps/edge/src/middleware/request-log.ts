import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.ts';

/**
 * One structured JSON line per request: method, route, status, ms, user, limiter outcomes.
 * Never bodies, tokens, cookies or secrets.
 */
export function requestLog() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const started = Date.now();
    c.set('limits', []);
    await next();
    console.log(
      JSON.stringify({
        level: c.res.status >= 500 ? 'error' : 'info',
        requestId: c.get('requestId'),
        method: c.req.method,
        route: c.req.routePath,
        status: c.res.status,
        ms: Date.now() - started,
        user: c.get('user')?.sub ?? null,
        limits: c.get('limits'),
      }),
    );
  });
}
