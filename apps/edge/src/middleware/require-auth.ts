import { createMiddleware } from 'hono/factory';
import { verifyAccessToken } from '../auth/access-tokens.ts';
import { readConfig } from '../config.ts';
import type { AppEnv } from '../env.ts';
import { readSecrets } from '../secrets.ts';
import { ApiError } from './errors.ts';

/** Requires `Authorization: Bearer <access JWT>`; puts its claims on `c.var.user`. */
export function requireAuth() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const secrets = readSecrets(c.env);
    const config = readConfig(c.env);
    const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(c.req.header('authorization') ?? '');
    const challenge = { 'WWW-Authenticate': 'Bearer realm="cifra"' };
    if (!match?.[1])
      throw new ApiError(401, 'unauthorized', 'Sign in first: this needs an access token.', {
        headers: challenge,
      });
    try {
      c.set(
        'user',
        await verifyAccessToken(secrets.jwt, match[1], {
          issuer: config.JWT_ISSUER,
          audience: config.JWT_AUDIENCE,
        }),
      );
    } catch (cause) {
      throw new ApiError(401, 'unauthorized', 'Your session has expired or is invalid. Sign in again.', {
        cause,
        headers: { 'WWW-Authenticate': 'Bearer realm="cifra", error="invalid_token"' },
      });
    }
    await next();
  });
}
