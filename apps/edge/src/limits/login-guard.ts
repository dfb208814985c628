import type { Redis } from '@upstash/redis/cloudflare';

/**
 * Password guessing against one account from many IPs. Every attempt is counted, atomically,
 * before the password is checked (and forgotten after a right one). The first `freeAttempts`
 * cost nothing; each attempt after them closes the account to further attempts for a delay
 * that doubles, up to `maxDelaySeconds`. There is no permanent lock-out an attacker could use
 * against the owner: once a delay has passed, the next attempt is checked, and a right password
 * opens the account and resets the count. Unknown usernames are guarded alike, so the answers
 * say nothing about which accounts exist.
 *
 * Key: `cifra:login-guard:<username, lowercase>` → hash { attempts, closedUntil (ms) }, which
 * expires `quietSeconds` after the last attempt.
 */
type GuardRedis = Pick<Redis, 'eval' | 'del'>;

export interface LoginGuardOptions {
  /** Attempts (across IPs) before delays start. @default 10 */
  freeAttempts: number;
  /** The first delay; each further attempt doubles it. @default 30 */
  baseDelaySeconds: number;
  /** The longest delay. @default 900 (15 min) */
  maxDelaySeconds: number;
}

export type GuardOutcome = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Forgets the count after an hour without attempts (or the longest delay, if longer). */
const quietSeconds = (options: LoginGuardOptions) => Math.max(3600, options.maxDelaySeconds + 60);

const guardKey = (username: string) => `cifra:login-guard:${username.toLowerCase()}`;

// Check and count in one step: two attempts at once cannot both pass a closed account.
const attemptScript = `
local now = tonumber(ARGV[1])
local closedUntil = tonumber(redis.call('HGET', KEYS[1], 'closedUntil') or '0')
if now < closedUntil then return closedUntil - now end
local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
local over = attempts - tonumber(ARGV[2])
if over > 0 then
  local delay = math.min(tonumber(ARGV[3]) * math.pow(2, over - 1), tonumber(ARGV[4]))
  redis.call('HSET', KEYS[1], 'closedUntil', now + delay)
end
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[5]))
return 0
`;

/** Counts one attempt at `username`'s password, or says how long the account stays closed. */
export async function countLoginAttempt(
  redis: GuardRedis,
  username: string,
  options: LoginGuardOptions,
): Promise<GuardOutcome> {
  const waitMs = Number(
    await redis.eval(
      attemptScript,
      [guardKey(username)],
      [
        Date.now(),
        options.freeAttempts,
        options.baseDelaySeconds * 1000,
        options.maxDelaySeconds * 1000,
        quietSeconds(options),
      ],
    ),
  );
  return waitMs > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000) } : { allowed: true };
}

/** After the right password: the account's count starts again. */
export async function forgetLoginAttempts(redis: GuardRedis, username: string): Promise<void> {
  await redis.del(guardKey(username));
}
