import { toBase64Url, toHex, utf8 } from './encoding.ts';

/** Hex SHA-256 of a string. */
export async function sha256Hex(text: string): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', utf8(text)));
}

/** `bytes` random bytes, base64url. */
export function randomToken(bytes = 32): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** HMAC-SHA256 of `message` under `secret`. */
export async function hmacSha256(secret: string, message: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, utf8(message)));
}

/**
 * Constant-time equality of two byte strings. Different lengths are compared through their
 * SHA-256 so that the time never depends on where they differ.
 */
export async function timingSafeEqual(a: Uint8Array, b: Uint8Array): Promise<boolean> {
  const [hashA, hashB] = await Promise.all([
    crypto.subtle.digest('SHA-256', a),
    crypto.subtle.digest('SHA-256', b),
  ]);
  // workerd's non-standard constant-time compare; lengths are equal (32) by construction.
  return crypto.subtle.timingSafeEqual(hashA, hashB) && a.length === b.length;
}
