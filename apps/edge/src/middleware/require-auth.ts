import { createMiddleware } from 'hono/factory';
import { currentGeneration } from '../auth/account-state.ts';
import { verifyAccessToken } from '../auth/access-tokens.ts';
import { readConfig } from '../config.ts';
import type { AppEnv } from '../env.ts';
import { degradedHeader } from '../limits/rate-limit.ts';
import { requestRedis } from '../redis/request-redis.ts';
import { readSecrets } from '../secrets.ts';
import { ApiError } from './errors.ts';

/**
 * Requires `Authorization: Bearer <access JWT>`; puts its claims on `c.var.user`. The token's
 * generation must still be the account's (a password change, sign-out everywhere or deletion
 * ends every earlier token at once; generations are cached per isolate for ~2 s). If Redis
 * cannot say, the token is accepted on its signature and 15-minute life alone, and the answer
 * says so in `Cifra-Degraded`: an outage must not sign everybody out.
 */
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
    const invalid = (cause: unknown) =>
      new ApiError(401, 'unauthorized', 'Your session has expired or is invalid. Sign in again.', {
        cause,
        headers: { 'WWW-Authenticate': 'Bearer realm="cifra", error="invalid_token"' },
      });
    let claims;
    try {
      claims = await verifyAccessToken(secrets.jwt, match[1], {
        issuer: config.JWT_ISSUER,
        audience: config.JWT_AUDIENCE,
      });
    } catch (cause) {
      throw invalid(cause);
    }
    let generation: number | undefined;
    try {
      generation = await currentGeneration(requestRedis(c), claims.sub);
    } catch {
      c.header(degradedHeader, 'revocation-unchecked');
      generation = claims.gen;
    }
    if (generation !== claims.gen) throw invalid(new Error('token generation is not current'));
    c.set('user', claims);
    await next();
  });
}
