import { createMiddleware } from 'hono/factory';
import { readConfig, type Config } from '../config.ts';
import type { AppEnv } from '../env.ts';
import { clientIp, enforceLimits, type FailMode } from '../limits/rate-limit.ts';

/** A limit of config.ts (`LIMIT_…`), read per request so wrangler vars can change it. */
export type LimitName = Extract<keyof Config, `LIMIT_${string}`>;

/** Whom a limiter counts: the caller's IP, or the signed-in user (after `requireAuth()`). */
export type LimitKey = 'ip' | 'user';

export interface RateLimitOptions {
  /** Limiters applied together, each under its own name (the Redis prefix and log label). */
  limits: { name: string; limit: LimitName; per: LimitKey }[];
  /** When Redis cannot answer: `closed` refuses with 503, `open` lets the request through. @default 'closed' */
  failMode?: FailMode;
}

/**
 * Counts the request against every limiter before the handler runs: over any → 429
 * `rate_limited` with `Retry-After` and `RateLimit-*` headers (limits/rate-limit.ts). Mounted in
 * app.ts, so every route's policy reads in one place.
 */
export function rateLimit(options: RateLimitOptions) {
  if (options.limits.length === 0) throw new Error('rateLimit() needs at least one limit');
  const failMode = options.failMode ?? 'closed';
  return createMiddleware<AppEnv>(async (c, next) => {
    const config = readConfig(c.env);
    const identify = (per: LimitKey) => {
      if (per === 'ip') return clientIp(c);
      const user = c.get('user');
      // A wiring mistake, not a request failure: per-user limits go after requireAuth().
      if (!user) throw new Error('a per-user rate limit is mounted before requireAuth()');
      return user.sub;
    };
    await enforceLimits(
      c,
      options.limits.map(({ name, limit, per }) => ({
        name,
        spec: config[limit],
        identifier: identify(per),
      })),
      failMode,
    );
    await next();
  });
}
