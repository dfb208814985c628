import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.ts';
import { readSecrets } from '../secrets.ts';

/**
 * Answers 503 `misconfigured` unless the Worker's secrets are set, strong and distinct (see
 * secrets.ts); puts them on `c.var.secrets` for the handlers after it.
 */
export function requireSecrets() {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set('secrets', readSecrets(c.env));
    await next();
  });
}
