import { fromBase64Url, toBase64Url, utf8 } from '../utils/encoding.ts';
import { timingSafeEqual } from '../utils/crypto.ts';

/** The most the Workers runtime allows for PBKDF2. */
export const pbkdf2Iterations = 100_000;
const saltBytes = 16;
const hashBytes = 32;

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', utf8(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    hashBytes * 8,
  );
  return new Uint8Array(bits);
}

/** `pbkdf2-sha256$<iterations>$<salt>$<hash>`: parameters travel with the hash. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(saltBytes));
  const hash = await derive(password, salt, pbkdf2Iterations);
  return `pbkdf2-sha256$${pbkdf2Iterations}$${toBase64Url(salt)}$${toBase64Url(hash)}`;
}

// A stored hash for accounts that do not exist, so a wrong username costs the same PBKDF2 work
// as a wrong password and answers in the same time.
const unknownUserHash = `pbkdf2-sha256$${pbkdf2Iterations}$${toBase64Url(new Uint8Array(saltBytes))}$${toBase64Url(new Uint8Array(hashBytes))}`;

/**
 * Checks a password against a stored hash in constant time. `stored` undefined (unknown user)
 * does the same work and returns false.
 */
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  const [scheme, iterationsText, saltText, hashText] = (stored ?? unknownUserHash).split('$');
  const iterations = Number(iterationsText);
  const salt = fromBase64Url(saltText ?? '');
  const expected = fromBase64Url(hashText ?? '');
  if (scheme !== 'pbkdf2-sha256' || !Number.isInteger(iterations) || !salt || !expected) {
    throw new Error('Unreadable password hash in storage');
  }
  const actual = await derive(password, salt, iterations);
  const matches = await timingSafeEqual(actual, expected);
  return matches && stored !== undefined;
}
