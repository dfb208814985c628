import type { Redis } from '@upstash/redis/cloudflare';

/** An account as stored in Redis (`cifra:user:<lower-case username>`). */
export interface StoredUser {
  id: string;
  /** As the user typed it at sign-up. */
  username: string;
  passwordHash: string;
  createdAt: string;
}

type UserRedis = Pick<Redis, 'set' | 'get' | 'del' | 'exists'>;

const userKey = (username: string) => `cifra:user:${username.toLowerCase()}`;
const cooldownKey = (username: string) => `cifra:username-cooldown:${username.toLowerCase()}`;

/**
 * How long the name of a deleted account stays reserved: long enough that nobody can take it
 * over to catch messages or sessions meant for its owner. @default 7 days
 */
export const usernameCooldownSeconds = 7 * 24 * 60 * 60;

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
  if ((await redis.exists(cooldownKey(username))) > 0) return 'taken';
  const created = await redis.set(userKey(username), user, { nx: true });
  return created === 'OK' ? user : 'taken';
}

export async function findUser(redis: UserRedis, username: string): Promise<StoredUser | undefined> {
  return (await redis.get<StoredUser>(userKey(username))) ?? undefined;
}

export async function updatePasswordHash(
  redis: UserRedis,
  user: StoredUser,
  passwordHash: string,
): Promise<void> {
  await redis.set(userKey(user.username), { ...user, passwordHash });
}

/** Removes the account record; its name stays reserved for `usernameCooldownSeconds`. */
export async function deleteUser(redis: UserRedis, user: StoredUser): Promise<void> {
  await redis.set(cooldownKey(user.username), 1, { ex: usernameCooldownSeconds });
  await redis.del(userKey(user.username));
}
