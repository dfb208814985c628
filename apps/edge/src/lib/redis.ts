import { Redis } from '@upstash/redis/cloudflare';
import type { Bindings } from '../env.ts';

/** Thrown when the Worker has no Redis configured; answered as 503 by the routes that need it. */
export class RedisNotConfiguredError extends Error {
  override name = 'RedisNotConfiguredError';
  constructor() {
    super('UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN are not set for this Worker.');
  }
}

/**
 * An Upstash client for this request. Retries are off: the client's default (5 tries, ~4 s)
 * would hold fail-closed routes far past their ~1 s budget.
 */
export function createRedis(env: Bindings): Redis {
  if (!env.UPSTASH_REDIS_REST_URL || !env.UPSTASH_REDIS_REST_TOKEN) throw new RedisNotConfiguredError();
  return new Redis({
    url: env.UPSTASH_REDIS_REST_URL,
    token: env.UPSTASH_REDIS_REST_TOKEN,
    retry: false,
    enableTelemetry: false,
  });
}

/** Resolves with the promise's value, or rejects after `ms` — Redis answers fast or not at all. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
