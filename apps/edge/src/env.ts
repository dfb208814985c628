/**
 * The Worker's bindings and per-request variables: the one source of their types. Values come
 * from wrangler.toml `[vars]`, Worker secrets (`wrangler secret put`), or `.dev.vars` locally.
 */
export interface Bindings {
  /** The built web app and the model files (wrangler.toml `[assets]`). */
  ASSETS: Fetcher;
  /** `production`, `development` (npm start) or `test`. */
  ENVIRONMENT?: string;
  /** Upstash REST endpoint; locally packages/upstash-local. */
  UPSTASH_REDIS_REST_URL?: string;
  UPSTASH_REDIS_REST_TOKEN?: string;
  /** HS256 key for access tokens, at least 32 bytes. No default: without it no token is issued. */
  JWT_SECRET?: string;
  /** HMAC key for model URLs, at least 32 bytes. */
  URL_SIGNING_SECRET?: string;
}

/** Values middleware puts on the context for the handlers after it. */
export interface Variables {
  /** Random id of this request, echoed in `X-Request-Id` and the log line. */
  requestId: string;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}
