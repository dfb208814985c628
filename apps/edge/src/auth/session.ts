import type { Session } from '@cifra/contracts';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { readConfig } from '../config.ts';
import type { AppEnv } from '../env.ts';
import { readSecrets } from '../secrets.ts';
import { signAccessToken } from './access-tokens.ts';

/** The refresh cookie: HttpOnly, Secure, SameSite=Strict, sent only to /api/auth. */
export const refreshCookieName = 'cifra_refresh';
const refreshCookiePath = '/api/auth';

export function readRefreshCookie(c: Context<AppEnv>): string | undefined {
  const value = getCookie(c, refreshCookieName);
  // 32 random bytes, base64url: anything else is not ours.
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
}

export function clearRefreshCookie(c: Context<AppEnv>): void {
  deleteCookie(c, refreshCookieName, {
    path: refreshCookiePath,
    secure: true,
    httpOnly: true,
    sameSite: 'Strict',
  });
}

/** Issues an access token for the user, sets the refresh cookie, and returns the session body. */
export async function startSession(
  c: Context<AppEnv>,
  user: { id: string; username: string; generation: number },
  refreshToken: string,
): Promise<Session> {
  const config = readConfig(c.env);
  const { token } = await signAccessToken(readSecrets(c.env).jwt, user, {
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
  });
  setCookie(c, refreshCookieName, refreshToken, {
    path: refreshCookiePath,
    httpOnly: true,
    secure: true,
    sameSite: 'Strict',
    maxAge: config.REFRESH_TOKEN_TTL_SECONDS,
  });
  return {
    accessToken: token,
    tokenType: 'Bearer',
    expiresIn: config.ACCESS_TOKEN_TTL_SECONDS,
    user: { id: user.id, username: user.username },
  };
}
