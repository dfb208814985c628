import type { Bindings } from './env.ts';
import { ApiError } from './middleware/errors.ts';

/** Secrets shorter than this are refused: HS256 and HMAC keys need 256 bits. */
export const minimumSecretBytes = 32;

export interface Secrets {
  jwt: { current: string; previous?: string };
  urlSigning: string;
}

const reported = new Set<string>();

/**
 * The Worker's secrets, or a 503 `misconfigured` when one is missing or weak: without them the
 * Worker issues and accepts nothing. The reason is logged once per isolate, never the value.
 */
export function readSecrets(env: Bindings): Secrets {
  const problems: string[] = [];
  const check = (name: 'JWT_SECRET' | 'URL_SIGNING_SECRET' | 'JWT_SECRET_PREVIOUS', required: boolean) => {
    const value = env[name];
    if (value === undefined || value === '') {
      if (required) problems.push(`${name} is not set`);
      return undefined;
    }
    if (new TextEncoder().encode(value).length < minimumSecretBytes) {
      problems.push(`${name} is shorter than ${minimumSecretBytes} bytes`);
      return undefined;
    }
    return value;
  };
  const jwt = check('JWT_SECRET', true);
  const urlSigning = check('URL_SIGNING_SECRET', true);
  const previous = check('JWT_SECRET_PREVIOUS', false);
  // One key for two jobs would let a signed model URL's MAC stand in for a token's, or the
  // reverse: each secret must be its own.
  if (urlSigning && (urlSigning === jwt || urlSigning === previous))
    problems.push('URL_SIGNING_SECRET equals a JWT secret; each must be different');
  if (problems.length > 0 || !jwt || !urlSigning) {
    const reason = problems.join('; ');
    if (!reported.has(reason)) {
      reported.add(reason);
      console.error(JSON.stringify({ level: 'error', event: 'secrets_misconfigured', reason }));
    }
    throw new ApiError(
      503,
      'misconfigured',
      'This server is not configured to sign in users yet. Try again later.',
    );
  }
  return { jwt: previous ? { current: jwt, previous } : { current: jwt }, urlSigning };
}
