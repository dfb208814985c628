import type { Duration } from '@upstash/ratelimit';
import { z } from 'zod';
import type { Bindings } from './env.ts';

/** A rate limit as written in wrangler.toml: `"<requests>/<window>"`, e.g. `"5/15 m"`. */
export interface LimitSpec {
  requests: number;
  window: Duration;
}

const limitSpec = z
  .string()
  .regex(/^\s*\d+\s*\/\s*\d+\s*(ms|s|m|h|d)\s*$/, 'a limit is "<requests>/<window>", e.g. "5/15 m"')
  .transform((text): LimitSpec => {
    const [requests, window] = text.split('/').map((part) => part.trim());
    const [, amount, unit] = /^(\d+)\s*(ms|s|m|h|d)$/.exec(window ?? '') ?? [];
    return { requests: Number(requests), window: `${Number(amount)} ${unit}` as Duration };
  });

const seconds = z.coerce.number().int().positive();
const bool = z.enum(['true', 'false']).transform((value) => value === 'true');

/** Every tunable of the edge with its default; wrangler.toml `[vars]` overrides. */
const configSchema = z.object({
  ENVIRONMENT: z.string().default('production'),
  /** Registration on or off. @default true */
  ALLOW_SIGNUP: bool.default(true),
  /** `iss` and `aud` of access tokens. */
  JWT_ISSUER: z.string().min(1).default('cifra'),
  JWT_AUDIENCE: z.string().min(1).default('cifra-app'),
  /** Access-token life. @default 900 (15 min) */
  ACCESS_TOKEN_TTL_SECONDS: seconds.max(3600).default(900),
  /** Refresh-token life; each use rotates it. @default 2592000 (30 days) */
  REFRESH_TOKEN_TTL_SECONDS: seconds.default(2_592_000),
  /**
   * After a rotation, the old token still gets the same successor for this long (two tabs or a
   * retried request refreshing at once); later reuse revokes the family. 0 turns it off. @default 10
   */
  REFRESH_GRACE_SECONDS: z.coerce.number().int().min(0).max(60).default(10),
  /** Life of signed model URLs. @default 300 (5 min), at most 600 */
  MODEL_URL_TTL_SECONDS: seconds.max(600).default(300),
  /**
   * Backend of the edge's own inference: `auto` = tfjs WASM from the bundled module, falling back
   * to the pure-JS cpu backend if WASM cannot start; `cpu` forces the fallback (benchmarks,
   * emergencies). @default auto
   */
  INFERENCE_BACKEND: z.enum(['auto', 'cpu']).default('auto'),
  /**
   * Shared-cache entry life. Entries are keyed by model version, so they are worthless after the
   * next release; a week bounds what write quotas can pile up. @default 604800 (7 days)
   */
  CACHE_TTL_SECONDS: seconds.default(604_800),
  /** Comma-separated origins allowed by CORS; empty means same origin only. @default '' */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((text) =>
      text
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    ),
  LIMIT_LOGIN_FAILURES: limitSpec.prefault('5/15 m'),
  LIMIT_LOGIN_PER_IP: limitSpec.prefault('20/1 m'),
  /** Sign-in attempts per IP across all accounts over an hour (credential stuffing). @default 100/1 h */
  LIMIT_LOGIN_PER_IP_HOUR: limitSpec.prefault('100/1 h'),
  /** Attempts at one account's password, from any IP, before growing delays start. @default 10 */
  LOGIN_GUARD_FREE_ATTEMPTS: z.coerce.number().int().positive().default(10),
  /** The first delay after the free attempts; it doubles with each attempt. @default 30 */
  LOGIN_GUARD_BASE_DELAY_SECONDS: seconds.default(30),
  /** The longest delay between attempts at one account. @default 900 (15 min) */
  LOGIN_GUARD_MAX_DELAY_SECONDS: seconds.default(900),
  LIMIT_REGISTER_PER_IP: limitSpec.prefault('5/1 h'),
  LIMIT_REFRESH_PER_IP: limitSpec.prefault('30/1 m'),
  LIMIT_MODEL_PER_USER: limitSpec.prefault('30/1 m'),
  LIMIT_CACHE_READS_PER_USER: limitSpec.prefault('120/1 m'),
  LIMIT_CACHE_WRITES_PER_USER: limitSpec.prefault('60/1 m'),
  /** Contributions per account per day: what one account can add to Redis. @default 500/1 d */
  LIMIT_CACHE_WRITES_PER_USER_DAY: limitSpec.prefault('500/1 d'),
  /** Contributions whose digit the edge's model contradicts; past it the account may not contribute. @default 10/1 h */
  LIMIT_CACHE_DISAGREEMENTS_PER_USER: limitSpec.prefault('10/1 h'),
  LIMIT_PREDICT_PER_USER: limitSpec.prefault('10/1 m'),
  LIMIT_PREDICT_PER_IP_HOUR: limitSpec.prefault('50/1 h'),
  LIMIT_PREDICT_PER_IP_DAY: limitSpec.prefault('200/1 d'),
});

export type Config = z.infer<typeof configSchema>;

const cache = new WeakMap<object, Config>();

/**
 * The edge's settings from its bindings, parsed once per env object. A bad value is a
 * deployment mistake: it throws with the variable's name.
 */
export function readConfig(env: Bindings): Config {
  const cached = cache.get(env);
  if (cached) return cached;
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`Invalid Worker vars: ${problems}`);
  }
  cache.set(env, parsed.data);
  return parsed.data;
}
