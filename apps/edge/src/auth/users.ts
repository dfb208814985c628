import type { Redis } from '@upstash/redis/cloudflare';

/** An account as stored in Redis (`cifra:user:<lower-case username>`). */
export interface StoredUser {
  id: string;
  /** As the user typed it at sign-up. */
  username: string;
  passwordHash: string;
  createdAt: string;
}

type UserRedis = Pick<Redis, 'set' | 'get'>;

const userKey = (username: string) => `cifra:user:${username.toLowerCase()}`;

/** Creates the account unless the name is taken (case-insensitively): atomic `SET NX`. */
export async function createUser(
  redis: UserRedis,
  username: string,
  passwordHash: string,
): Promise<StoredUser | 'taken'> {
  const user: StoredUser = {
    id: crypto.randomUUID(),
    username,
    passwordHash,
    createdAt: new Date().toISOString(),
  };
  const created = await redis.set(userKey(username), user, { nx: true });
  return created === 'OK' ? user : 'taken';
}

export async function findUser(redis: UserRedis, username: string): Promise<StoredUser | undefined> {
  return (await redis.get<StoredUser>(userKey(username))) ?? undefined;
}
