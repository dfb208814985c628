import type { Redis } from '@upstash/redis/cloudflare';
import type { TimingVariables } from 'hono/timing';
import type { AccessClaims } from './auth/access-tokens.ts';
import type { Secrets } from './secrets.ts';

/**
 * The Worker's bindings and per-request variables: the one source of their types. Values come
 * from wrangler.toml `[vars]`, Worker secrets (`wrangler secret put`), or `.dev.vars` locally.
 * Tunables (limits, TTLs, quorum) are parsed with their defaults in config.ts.
 */
export interface Bindings {
  /** The built web app and the model files (wrangler.toml `[assets]`). */
  ASSETS: Fetcher;
  /** Upstash REST endpoint; locally packages/upstash-local. */
  UPSTASH_REDIS_REST_URL?: string;
  UPSTASH_REDIS_REST_TOKEN?: string;
  /** HS256 key for access tokens, at least 32 bytes. No default: without it no token is issued. */
  JWT_SECRET?: string;
  /** The previous JWT_SECRET during a key rotation: still verifies, never signs. */
  JWT_SECRET_PREVIOUS?: string;
  /** HMAC key for model URLs, at least 32 bytes. */
  URL_SIGNING_SECRET?: string;
  /** Any other var of config.ts (strings from wrangler.toml `[vars]`). */
  [name: string]: unknown;
}

/** Values middleware puts on the context for the handlers after it. */
export interface Variables extends TimingVariables {
  /** Random id of this request, echoed in `X-Request-Id` and the log line. */
  requestId: string;
  /** The caller, once `requireAuth()` has verified the access token. */
  user: AccessClaims;
  /** The Worker's secrets, once `requireSecrets()` has checked them. */
  secrets: Secrets;
  /** Outcomes of the rate limiters this request went through, for the log line. */
  limits: string[];
  /** The request's Redis client, made on first use (redis/request-redis.ts `requestRedis`). */
  redis?: Redis;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}
