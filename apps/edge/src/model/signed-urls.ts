import { hmacSha256, timingSafeEqual } from '../utils/crypto.ts';
import { fromBase64Url, toBase64Url } from '../utils/encoding.ts';

/** Longest life a model URL may have, whatever the config says. */
export const maxUrlLifeSeconds = 600;

/** What is signed: the exact path and the expiry, so neither can be changed. */
const signedMessage = (path: string, expires: number) => `GET\n${path}\n${expires}`;

/** `/model/<version>/<file>?exp=<unix s>&sig=<base64url HMAC-SHA256>`. */
export async function signModelUrl(secret: string, path: string, expires: number): Promise<string> {
  const signature = toBase64Url(await hmacSha256(secret, signedMessage(path, expires)));
  return `${path}?exp=${expires}&sig=${signature}`;
}

export type SignatureCheck = 'valid' | 'bad_signature' | 'expired';

/**
 * Checks a signed path. The signature is compared in constant time and checked before the
 * expiry, so a forged URL learns nothing from which error comes back.
 */
export async function checkModelSignature(
  secret: string,
  path: string,
  expiresText: string | undefined,
  signatureText: string | undefined,
  now = Math.floor(Date.now() / 1000),
): Promise<SignatureCheck> {
  const expires = Number(expiresText);
  const given = fromBase64Url(signatureText ?? '');
  if (!expiresText || !/^\d{1,12}$/.test(expiresText) || !given || given.length !== 32)
    return 'bad_signature';
  const expected = await hmacSha256(secret, signedMessage(path, expires));
  if (!(await timingSafeEqual(given, expected))) return 'bad_signature';
  if (expires <= now || expires > now + maxUrlLifeSeconds) return 'expired';
  return 'valid';
}
