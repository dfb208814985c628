/**
 * What makes a signed-in account revocable at once:
 * - a token generation per account (`cifra:user-gen:<id>`): every access token carries the
 *   generation it was issued under; changing the password, signing out everywhere and deleting
 *   the account move it on (or remove it), so earlier tokens stop working;
 * - the account's refresh families (`cifra:user-families:<id>`) and refresh-token hashes
 *   (`cifra:user-tokens:<id>`), so all of them can be revoked or erased together.
 */
import type { Redis } from '@upstash/redis/cloudflare';

type StateRedis = Pick<Redis, 'get' | 'set' | 'incr' | 'del' | 'sadd' | 'smembers' | 'expire' | 'scan'>;

const generationKey = (userId: string) => `cifra:user-gen:${userId}`;
export const familiesKey = (userId: string) => `cifra:user-families:${userId}`;
export const tokensKey = (userId: string) => `cifra:user-tokens:${userId}`;

/**
 * How long an isolate trusts the generation it last read for an account. A change made by this
 * isolate is seen at once; one made elsewhere, within this many milliseconds.
 */
export const generationCacheMs = 2_000;
const cached = new Map<string, { generation: number | undefined; readAt: number }>();

/** The account's token generation, creating it (1) for accounts made before generations existed. */
export async function ensureGeneration(redis: StateRedis, userId: string): Promise<number> {
  await redis.set(generationKey(userId), 1, { nx: true });
  const generation = Number(await redis.get(generationKey(userId)));
  cached.set(userId, { generation, readAt: Date.now() });
  return generation;
}

/** The current generation, or undefined when the account no longer exists. Cached briefly. */
export async function currentGeneration(redis: StateRedis, userId: string): Promise<number | undefined> {
  const hit = cached.get(userId);
  if (hit && Date.now() - hit.readAt < generationCacheMs) return hit.generation;
  const value = await redis.get<number | string>(generationKey(userId));
  const generation = value === null || value === undefined ? undefined : Number(value);
  cached.set(userId, { generation, readAt: Date.now() });
  return generation;
}

/** Moves the generation on: every access token issued before stops working. */
export async function advanceGeneration(redis: StateRedis, userId: string): Promise<number> {
  const generation = Number(await redis.incr(generationKey(userId)));
  cached.set(userId, { generation, readAt: Date.now() });
  return generation;
}

/** Forgets the generation (account deleted): every access token of the account stops working. */
export async function removeGeneration(redis: StateRedis, userId: string): Promise<void> {
  await redis.del(generationKey(userId));
  cached.set(userId, { generation: undefined, readAt: Date.now() });
}

/** Every key whose name holds the account's id (rate-limit counters and the sets above). */
export async function keysNamingAccount(redis: StateRedis, userId: string): Promise<string[]> {
  const found: string[] = [];
  let cursor: string | number = 0;
  do {
    const [next, keys]: [string | number, string[]] = await redis.scan(cursor, {
      match: `cifra:*${userId}*`,
      count: 500,
    });
    found.push(...keys);
    cursor = next;
  } while (String(cursor) !== '0');
  return found;
}
