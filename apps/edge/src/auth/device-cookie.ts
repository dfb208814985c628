import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../env.ts';
import { readSecrets } from '../secrets.ts';
import { hmacSha256, randomToken, timingSafeEqual } from '../utils/crypto.ts';
import { toBase64Url, utf8 } from '../utils/encoding.ts';

/**
 * Device cookies (OWASP's answer to lock-out by guessing): a browser where an account signed
 * in before carries proof of it, so an attacker who keeps the account closed to the rest of
 * the world (login-guard.ts) cannot keep its owner out. Value: `<device id>.<HMAC of username
 * and device id>` under a key derived from the JWT secret; HttpOnly, Secure, SameSite=Strict,
 * sent only to /api. It proves nothing but an earlier sign-in: the password is still checked,
 * under per-IP, per-account+IP and per-device limits.
 */
export const deviceCookieName = 'cifra_device';
const deviceCookiePath = '/api';
const deviceCookieDays = 365;

async function proof(c: Context<AppEnv>, username: string, deviceId: string): Promise<Uint8Array> {
  const key = toBase64Url(await hmacSha256(readSecrets(c.env).jwt.current, 'cifra/device-cookie-key/v1'));
  return hmacSha256(key, `${username.toLowerCase()}|${deviceId}`);
}

/** After a right password: this browser is a known device of `username` from now on. */
export async function rememberDevice(c: Context<AppEnv>, username: string): Promise<void> {
  const deviceId = randomToken(16);
  setCookie(c, deviceCookieName, `${deviceId}.${toBase64Url(await proof(c, username, deviceId))}`, {
    path: deviceCookiePath,
    httpOnly: true,
    secure: true,
    sameSite: 'Strict',
    maxAge: deviceCookieDays * 24 * 3600,
  });
}

/** The device id when the request carries a valid device cookie for `username`; else undefined. */
export async function knownDevice(c: Context<AppEnv>, username: string): Promise<string | undefined> {
  const match = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(getCookie(c, deviceCookieName) ?? '');
  if (!match?.[1] || !match[2]) return undefined;
  const expected = toBase64Url(await proof(c, username, match[1]));
  return (await timingSafeEqual(utf8(expected), utf8(match[2]))) ? match[1] : undefined;
}
