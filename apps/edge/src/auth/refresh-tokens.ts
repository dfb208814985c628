import type { Redis } from '@upstash/redis/cloudflare';
import { randomToken, sha256Hex } from '../utils/crypto.ts';
import { familiesKey, tokensKey } from './account-state.ts';

/**
 * Refresh tokens: 256 random bits, only their SHA-256 stored, each usable once. Every token
 * belongs to a family (one sign-in); presenting a token that was already rotated means it
 * leaked, so the whole family is revoked.
 *
 * Keys: `cifra:refresh:<hash>` → the token's record (TTL = token life);
 * `cifra:refresh-used:<hash>` → its family, after rotation (same TTL);
 * `cifra:refresh-family:<id>` → user id while the family is valid.
 */
type TokenRedis = Pick<Redis, 'set' | 'get' | 'getdel' | 'del' | 'exists' | 'sadd' | 'smembers' | 'expire'>;

export interface RefreshRecord {
  userId: string;
  username: string;
  familyId: string;
}

export type RotateOutcome =
  { status: 'rotated'; token: string; record: RefreshRecord } | { status: 'reused' } | { status: 'invalid' };

const tokenKey = (hash: string) => `cifra:refresh:${hash}`;
const usedKey = (hash: string) => `cifra:refresh-used:${hash}`;
const familyKey = (id: string) => `cifra:refresh-family:${id}`;

async function store(redis: TokenRedis, record: RefreshRecord, ttlSeconds: number): Promise<string> {
  const token = randomToken(32);
  const hash = await sha256Hex(token);
  await redis.set(tokenKey(hash), record, { ex: ttlSeconds });
  // Indexed per account, so deleting the account can erase every token record it left.
  await redis.sadd(tokensKey(record.userId), hash);
  await redis.expire(tokensKey(record.userId), ttlSeconds);
  return token;
}

/** Starts a family (a sign-in) and returns its first token. */
export async function issueRefreshToken(
  redis: TokenRedis,
  user: { id: string; username: string },
  ttlSeconds: number,
): Promise<string> {
  const familyId = crypto.randomUUID();
  await redis.set(familyKey(familyId), user.id, { ex: ttlSeconds });
  await redis.sadd(familiesKey(user.id), familyId);
  await redis.expire(familiesKey(user.id), ttlSeconds);
  return store(redis, { userId: user.id, username: user.username, familyId }, ttlSeconds);
}

/**
 * Uses a token once: `GETDEL` makes two concurrent uses impossible — the second sees it as
 * reused and revokes the family.
 */
export async function rotateRefreshToken(
  redis: TokenRedis,
  token: string,
  ttlSeconds: number,
): Promise<RotateOutcome> {
  const hash = await sha256Hex(token);
  const record = await redis.getdel<RefreshRecord>(tokenKey(hash));
  if (!record) {
    const familyId = await redis.get<string>(usedKey(hash));
    if (familyId === null) return { status: 'invalid' };
    await redis.del(familyKey(familyId));
    return { status: 'reused' };
  }
  await redis.set(usedKey(hash), record.familyId, { ex: ttlSeconds });
  if ((await redis.exists(familyKey(record.familyId))) === 0) return { status: 'invalid' };
  // The family lives as long as its newest token.
  await redis.set(familyKey(record.familyId), record.userId, { ex: ttlSeconds });
  return { status: 'rotated', token: await store(redis, record, ttlSeconds), record };
}

/** Revokes the family of a token (logout), whether the token is current or already rotated. */
export async function revokeFamily(redis: TokenRedis, token: string): Promise<void> {
  const hash = await sha256Hex(token);
  const record = await redis.getdel<RefreshRecord>(tokenKey(hash));
  const familyId = record?.familyId ?? (await redis.get<string>(usedKey(hash)));
  if (familyId) await redis.del(familyKey(familyId));
}

/** Revokes every family of an account (password change, sign out everywhere). */
export async function revokeAllFamilies(redis: TokenRedis, userId: string): Promise<void> {
  const families = await redis.smembers(familiesKey(userId));
  if (families.length > 0) await redis.del(...families.map(familyKey));
  await redis.del(familiesKey(userId));
}

/** Erases every refresh-token record of an account (deletion): nothing naming it is left. */
export async function eraseAccountTokens(redis: TokenRedis, userId: string): Promise<void> {
  await revokeAllFamilies(redis, userId);
  const hashes = await redis.smembers(tokensKey(userId));
  const keys = hashes.flatMap((hash) => [tokenKey(hash), usedKey(hash)]);
  if (keys.length > 0) await redis.del(...keys);
  await redis.del(tokensKey(userId));
}
