import { Redis } from '@upstash/redis/cloudflare';
import type { Context } from 'hono';
import type { AppEnv, Bindings } from '../env.ts';

/** Thrown when the Worker has no Redis configured; answered as 503 by the routes that need it. */
export class RedisNotConfiguredError extends Error {
  override name = 'RedisNotConfiguredError';
  constructor() {
    super('UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN are not set for this Worker.');
  }
}

/**
 * How long one Redis call may take before it is abandoned. Calls take a few milliseconds; a
 * call still open after a second means Redis (or the way to it) hangs.
 */
export const redisDeadlineMs = 1_000;

/**
 * An Upstash client whose every call gives up after `redisDeadlineMs`. Retries are off: the
 * client's default (5 tries, ~4 s) would hold fail-closed routes far past their ~1 s budget.
 * `stop`, when given, also aborts every call at once (the request has given up on Redis).
 */
export function createRedis(env: Bindings, stop?: AbortSignal): Redis {
  if (!env.UPSTASH_REDIS_REST_URL || !env.UPSTASH_REDIS_REST_TOKEN) throw new RedisNotConfiguredError();
  return new Redis({
    url: env.UPSTASH_REDIS_REST_URL,
    token: env.UPSTASH_REDIS_REST_TOKEN,
    retry: false,
    enableTelemetry: false,
    // A function: a fresh deadline for each call, not one for the client's whole life.
    signal: () => {
      const deadline = AbortSignal.timeout(redisDeadlineMs);
      return stop ? AbortSignal.any([deadline, stop]) : deadline;
    },
  });
}

/** Errors that say Redis did not answer (deadline, aborted, network), not that a command failed. */
function isUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'AbortError' || error.name === 'TimeoutError' || error instanceof TypeError;
}

/**
 * The request's Redis client, made once per request. The first call that finds Redis
 * unreachable ends every later call of the same request at once: a route that makes several
 * calls then answers (degraded or 503) within about one deadline, not one per call.
 */
export function requestRedis(c: Context<AppEnv>): Redis {
  const existing = c.get('redis');
  if (existing) return existing;
  const unreachable = new AbortController();
  const client = createRedis(c.env, unreachable.signal);
  const guarded = new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = Reflect.apply(value, target, args);
        if (!(result instanceof Promise)) return result;
        return result.catch((error: unknown) => {
          if (isUnreachable(error)) unreachable.abort(error);
          throw error;
        });
      };
    },
  });
  c.set('redis', guarded);
  return guarded;
}
