import { decode, sign, verify } from 'hono/jwt';
import type { JWTPayload } from 'hono/utils/jwt/types';
import { sha256Hex } from '../utils/crypto.ts';
import { toBase64Url, utf8 } from '../utils/encoding.ts';

/** Access tokens are HS256, named on both sign and verify: never taken from the token. */
const alg = 'HS256';

/** The keys of the Worker: the current one signs; the previous one still verifies (rotation). */
export interface SigningKeys {
  current: string;
  previous?: string;
}

export interface AccessTokenOptions {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

/** The claims Cifra puts in an access token. */
export interface AccessClaims extends JWTPayload {
  sub: string;
  name: string;
  iss: string;
  aud: string;
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
  /** The account's token generation when issued (see account-state.ts). */
  gen: number;
}

interface Jwk {
  kty: 'oct';
  k: string;
  alg: typeof alg;
  kid: string;
}

/** The key id is a hash of the secret: rotation needs no extra configuration. */
async function toJwk(secret: string): Promise<Jwk> {
  return {
    kty: 'oct',
    k: toBase64Url(utf8(secret)),
    alg,
    kid: (await sha256Hex(`kid:${secret}`)).slice(0, 16),
  };
}

export async function signAccessToken(
  keys: SigningKeys,
  user: { id: string; username: string; generation: number },
  options: AccessTokenOptions,
): Promise<{ token: string; claims: AccessClaims }> {
  const now = Math.floor(Date.now() / 1000);
  const claims: AccessClaims = {
    sub: user.id,
    name: user.username,
    iss: options.issuer,
    aud: options.audience,
    iat: now,
    nbf: now,
    exp: now + options.ttlSeconds,
    jti: crypto.randomUUID(),
    gen: user.generation,
  };
  return { token: await sign(claims, await toJwk(keys.current)), claims };
}

/**
 * Verifies signature (HS256 only), `exp` (required: hono's verify checks it only when present),
 * `nbf`, `iat`, `iss` and `aud`. The `kid` header picks
 * the current or previous key; an unknown kid is refused. Throws on any failure.
 */
export async function verifyAccessToken(
  keys: SigningKeys,
  token: string,
  options: Omit<AccessTokenOptions, 'ttlSeconds'>,
): Promise<AccessClaims> {
  const kid = readKid(token);
  const candidates = [await toJwk(keys.current), ...(keys.previous ? [await toJwk(keys.previous)] : [])];
  const key = candidates.find((candidate) => candidate.kid === kid);
  if (!key) throw new Error('Unknown signing key');
  const payload = await verify(token, key, { alg, iss: options.issuer, aud: options.audience });
  if (
    typeof payload.exp !== 'number' ||
    typeof payload.sub !== 'string' ||
    typeof payload.name !== 'string' ||
    typeof payload.jti !== 'string' ||
    typeof payload.gen !== 'number'
  ) {
    throw new Error('Token lacks required claims');
  }
  return payload as AccessClaims;
}

function readKid(token: string): string | undefined {
  try {
    return decode(token).header.kid;
  } catch {
    return undefined;
  }
}
