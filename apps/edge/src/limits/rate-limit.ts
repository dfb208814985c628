import { Ratelimit } from '@upstash/ratelimit';
import type { Context } from 'hono';
import type { LimitSpec } from '../config.ts';
import type { AppEnv } from '../env.ts';
import { redisDeadlineMs, requestRedis } from '../redis/request-redis.ts';
import { ApiError, serviceUnavailable } from '../middleware/errors.ts';

/**
 * What a route does when Redis cannot answer: `closed` refuses (503 — login, register,
 * refresh), `open` lets the request through and says so in `Cifra-Degraded`.
 */
export type FailMode = 'closed' | 'open';

/** One limiter applied to one identity, e.g. `{ name: 'login-ip', spec: 20/1 m, identifier: ip }`. */
export interface LimitCheck {
  name: string;
  spec: LimitSpec;
  identifier: string;
}

/**
 * The limiter's own timeout, a backstop behind the Redis client's deadline (which aborts the
 * call itself and tells the rest of the request that Redis is unreachable).
 */
const limiterTimeoutMs = redisDeadlineMs + 250;

export const degradedHeader = 'Cifra-Degraded';

function limiter(c: Context<AppEnv>, check: LimitCheck): Ratelimit {
  return new Ratelimit({
    redis: requestRedis(c),
    limiter: Ratelimit.slidingWindow(check.spec.requests, check.spec.window),
    prefix: `cifra:rl:${check.name}`,
    timeout: limiterTimeoutMs,
    analytics: false,
    // Exact counts across isolates: no in-memory shortcut.
    ephemeralCache: false,
  });
}

/** The caller's IP as Cloudflare reports it (clients cannot set this header through Cloudflare). */
export function clientIp(c: Context<AppEnv>): string {
  return c.req.header('cf-connecting-ip') ?? 'unknown';
}

/** Lets background work (the limiter's analytics/sync) finish after the response. */
function waitUntil(c: Context<AppEnv>, promise: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(promise);
  } catch {
    // No execution context (app.request in unit tests): nothing outlives the request anyway.
    promise.catch(() => {});
  }
}

function secondsUntil(resetMs: number): number {
  return Math.max(1, Math.ceil((resetMs - Date.now()) / 1000));
}

function unavailable(c: Context<AppEnv>, check: LimitCheck, failMode: FailMode, cause: unknown): void {
  c.get('limits')?.push(`${check.name}:unavailable`);
  if (failMode === 'closed') throw serviceUnavailable(cause);
  c.header(degradedHeader, 'rate-limit-unavailable');
}

/**
 * Counts this request against every check. Over a limit → 429 `rate_limited` with
 * `Retry-After` and `RateLimit-Limit/-Remaining/-Reset`; otherwise the same headers (of the
 * tightest check) go on the response. Redis trouble → the route's fail mode.
 */
export async function enforceLimits(
  c: Context<AppEnv>,
  checks: LimitCheck[],
  failMode: FailMode,
): Promise<void> {
  const results = await Promise.all(
    checks.map(async (check) => {
      try {
        const result = await limiter(c, check).limit(check.identifier);
        waitUntil(c, result.pending);
        // On its timeout the limiter answers success with reason "timeout": that is not an answer.
        if (result.reason === 'timeout') return { check, error: new Error('rate limiter timed out') };
        return { check, result };
      } catch (error) {
        return { check, error };
      }
    }),
  );
  for (const outcome of results) {
    if ('error' in outcome) unavailable(c, outcome.check, failMode, outcome.error);
  }
  const answered = results.flatMap((outcome) =>
    'result' in outcome && outcome.result ? [{ check: outcome.check, result: outcome.result }] : [],
  );
  for (const { check, result } of answered)
    c.get('limits')?.push(`${check.name}:${result.success ? 'ok' : 'blocked'}`);

  const blocked = answered
    .filter(({ result }) => !result.success)
    .sort((a, b) => b.result.reset - a.result.reset)[0];
  if (blocked) {
    const retryAfter = secondsUntil(blocked.result.reset);
    throw new ApiError(429, 'rate_limited', `Too many requests. Try again in ${retryAfter} s.`, {
      headers: rateLimitHeaders(blocked.result.limit, 0, retryAfter, { 'Retry-After': String(retryAfter) }),
    });
  }
  const tightest = answered.sort((a, b) => a.result.remaining - b.result.remaining)[0];
  if (tightest) {
    const headers = rateLimitHeaders(
      tightest.result.limit,
      tightest.result.remaining,
      secondsUntil(tightest.result.reset),
    );
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
  }
}

/** The `RateLimit-*` headers (and any extra, e.g. `Retry-After`) of a limit's state. */
export function rateLimitHeaders(
  limit: number,
  remaining: number,
  resetSeconds: number,
  extra: Record<string, string> = {},
) {
  return {
    'RateLimit-Limit': String(limit),
    'RateLimit-Remaining': String(Math.max(0, remaining)),
    'RateLimit-Reset': String(resetSeconds),
    ...extra,
  };
}

/**
 * For limits that count only failures (login, disagreeing contributions): is the allowance
 * already spent? Answers 429 like enforceLimits when it is; Redis trouble → `failMode`.
 */
export async function assertAllowanceLeft(
  c: Context<AppEnv>,
  check: LimitCheck,
  failMode: FailMode = 'closed',
): Promise<void> {
  let remaining: { remaining: number; reset: number; limit: number };
  try {
    remaining = await limiter(c, check).getRemaining(check.identifier);
  } catch (error) {
    return unavailable(c, check, failMode, error);
  }
  c.get('limits')?.push(`${check.name}:${remaining.remaining > 0 ? 'ok' : 'blocked'}`);
  if (remaining.remaining <= 0) {
    const retryAfter = secondsUntil(remaining.reset);
    throw new ApiError(429, 'rate_limited', `Too many failed attempts. Try again in ${retryAfter} s.`, {
      headers: rateLimitHeaders(remaining.limit, 0, retryAfter, { 'Retry-After': String(retryAfter) }),
    });
  }
}

/** Counts one failure against a failures-only check. */
export async function recordFailure(c: Context<AppEnv>, check: LimitCheck): Promise<void> {
  try {
    const result = await limiter(c, check).limit(check.identifier);
    waitUntil(c, result.pending);
  } catch {
    // The failure could not be counted; the next attempt's check fails closed if Redis is down.
  }
}

/** Forgets the failures of a check (after a successful login). */
export async function resetFailures(c: Context<AppEnv>, check: LimitCheck): Promise<void> {
  await limiter(c, check)
    .resetUsedTokens(check.identifier)
    .catch(() => {});
}
