import { changePasswordBodySchema, credentialsSchema, loginBodySchema } from '@cifra/contracts';
import { Hono, type Context } from 'hono';
import { isCommonPassword } from '../auth/common-passwords.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { advanceGeneration, ensureGeneration } from '../auth/account-state.ts';
import {
  issueRefreshToken,
  revokeAllFamilies,
  revokeFamily,
  rotateRefreshToken,
} from '../auth/refresh-tokens.ts';
import { knownDevice, rememberDevice } from '../auth/device-cookie.ts';
import { clearRefreshCookie, readRefreshCookie, startSession } from '../auth/session.ts';
import { createUser, findUser, updatePasswordHash, type StoredUser } from '../auth/users.ts';
import { readConfig } from '../config.ts';
import type { AppEnv } from '../env.ts';
import { requestRedis } from '../redis/request-redis.ts';
import { countLoginAttempt, forgetLoginAttempts } from '../limits/login-guard.ts';
import { clientIp, enforceLimits, rateLimitHeaders, resetFailures } from '../limits/rate-limit.ts';
import { ApiError, serviceUnavailable } from '../middleware/errors.ts';
import { readJsonBody } from '../middleware/json-body.ts';

/** Runs a Redis step of a fail-closed route: any Redis failure is a 503, never a guess. */
export async function failClosed<T>(step: Promise<T>): Promise<T> {
  try {
    return await step;
  } catch (cause) {
    throw serviceUnavailable(cause);
  }
}

export function redisFor(c: Context<AppEnv>) {
  try {
    return requestRedis(c);
  } catch (cause) {
    throw serviceUnavailable(cause);
  }
}

/**
 * Checks a password the way sign-in does. Every limit counts the attempt atomically before the
 * check, so twenty guesses sent at once get no more checks than twenty sent one by one: per IP
 * (a minute and an hour, across accounts: `passwordAttempts` in app.ts), and here per
 * account+IP and per account across IPs with growing delays (login-guard.ts) — except from a
 * device where the account signed in before (device-cookie.ts), which is limited per device
 * instead, so that nobody can keep the owner out by guessing. All fail closed.
 * The same PBKDF2 work runs for unknown accounts, with one answer for both failures. Sign-in,
 * password change and account deletion share these budgets, so none of them is a side door
 * for guessing.
 */
export async function checkPassword(
  c: Context<AppEnv>,
  username: string,
  password: string,
): Promise<StoredUser> {
  const config = readConfig(c.env);
  const ip = clientIp(c);
  const failures = {
    name: 'login-failures',
    spec: config.LIMIT_LOGIN_FAILURES,
    identifier: `${username.toLowerCase()}|${ip}`,
  };
  const device = await knownDevice(c, username);
  const deviceFailures = device && {
    name: 'login-device-failures',
    spec: config.LIMIT_LOGIN_FAILURES,
    identifier: `${username.toLowerCase()}|${device}`,
  };
  // Counted now, forgotten after a right password: only failures stay counted.
  await enforceLimits(c, deviceFailures ? [failures, deviceFailures] : [failures], 'closed');
  const guard = deviceFailures
    ? ({ allowed: true } as const)
    : await failClosed(
        countLoginAttempt(redisFor(c), username, {
          freeAttempts: config.LOGIN_GUARD_FREE_ATTEMPTS,
          baseDelaySeconds: config.LOGIN_GUARD_BASE_DELAY_SECONDS,
          maxDelaySeconds: config.LOGIN_GUARD_MAX_DELAY_SECONDS,
        }),
      );
  c.get('limits')?.push(`login-account:${device ? 'known-device' : guard.allowed ? 'ok' : 'blocked'}`);
  if (!guard.allowed) {
    const wait = guard.retryAfterSeconds;
    throw new ApiError(429, 'rate_limited', `Too many attempts at this account. Try again in ${wait} s.`, {
      headers: rateLimitHeaders(config.LOGIN_GUARD_FREE_ATTEMPTS, 0, wait, { 'Retry-After': String(wait) }),
    });
  }
  const user = await failClosed(findUser(redisFor(c), username));
  // Same PBKDF2 work whether or not the account exists; one answer for both failures.
  if (!(await verifyPassword(password, user?.passwordHash)) || !user)
    throw new ApiError(401, 'invalid_credentials', 'Wrong username or password.');
  await resetFailures(c, failures);
  if (deviceFailures) await resetFailures(c, deviceFailures);
  // The owner's sign-in from a known device leaves the account's count alone: it must not hand
  // whoever is guessing a fresh set of free attempts.
  else await forgetLoginAttempts(redisFor(c), username).catch(() => {});
  await rememberDevice(c, user.username);
  return user;
}

/** A new session (refresh family, cookie, access token of the account's current generation). */
async function newSession(c: Context<AppEnv>, user: { id: string; username: string }) {
  const redis = redisFor(c);
  const config = readConfig(c.env);
  const generation = await failClosed(ensureGeneration(redis, user.id));
  const refresh = await failClosed(issueRefreshToken(redis, user, config.REFRESH_TOKEN_TTL_SECONDS));
  return startSession(c, { id: user.id, username: user.username, generation }, refresh);
}

/**
 * `/api/auth/*`: register, login, refresh, logout, password change, sign-out everywhere. All
 * fail closed when Redis is down. Their policies (other sites refused, body size, secrets,
 * tokens, rate limits) are mounted in app.ts.
 */
export const auth = new Hono<AppEnv>()
  .post('/register', async (c) => {
    const config = readConfig(c.env);
    if (!config.ALLOW_SIGNUP)
      throw new ApiError(403, 'signup_disabled', 'Registration is closed on this server.');
    const { username, password } = await readJsonBody(c, credentialsSchema);
    if (isCommonPassword(password) || password.toLowerCase() === username.toLowerCase()) {
      throw new ApiError(
        400,
        'weak_password',
        'This password is too common. Choose a longer, less guessable one.',
      );
    }
    const user = await failClosed(createUser(redisFor(c), username, await hashPassword(password)));
    if (user === 'taken')
      throw new ApiError(409, 'username_taken', 'This username is taken. Choose another.');
    await rememberDevice(c, user.username);
    return c.json(await newSession(c, user), 201);
  })
  .post('/login', async (c) => {
    const { username, password } = await readJsonBody(c, loginBodySchema);
    return c.json(await newSession(c, await checkPassword(c, username, password)));
  })
  .post('/refresh', async (c) => {
    const config = readConfig(c.env);
    const token = readRefreshCookie(c);
    if (!token) throw new ApiError(401, 'unauthorized', 'No session to refresh. Sign in.');
    const outcome = await failClosed(
      rotateRefreshToken(redisFor(c), token, {
        ttlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
        graceSeconds: config.REFRESH_GRACE_SECONDS,
        successorKey: c.get('secrets').jwt.current,
      }),
    );
    if (outcome.status !== 'rotated') {
      clearRefreshCookie(c);
      const message =
        outcome.status === 'reused'
          ? 'This session was used from somewhere else and has been signed out everywhere. Sign in again.'
          : 'Your session has ended. Sign in again.';
      throw new ApiError(401, 'unauthorized', message);
    }
    // The account must still be the one the token was issued to (deleted names can be taken
    // again after their cool-down), and tokens carry its current generation.
    const account = await failClosed(findUser(redisFor(c), outcome.record.username));
    if (account?.id !== outcome.record.userId) {
      clearRefreshCookie(c);
      throw new ApiError(401, 'unauthorized', 'This account no longer exists. Sign in again.');
    }
    const generation = await failClosed(ensureGeneration(redisFor(c), account.id));
    return c.json(
      await startSession(c, { id: account.id, username: account.username, generation }, outcome.token),
    );
  })
  .post('/logout', async (c) => {
    const token = readRefreshCookie(c);
    if (token) await failClosed(revokeFamily(redisFor(c), token));
    clearRefreshCookie(c);
    return c.body(null, 204);
  })
  /**
   * Changes the password (JWT + the current one, with sign-in's limits): every refresh family
   * and access token of the account ends; this device gets a fresh session.
   */
  .post('/password', async (c) => {
    const { currentPassword, newPassword } = await readJsonBody(c, changePasswordBodySchema);
    const user = await checkPassword(c, c.get('user').name, currentPassword);
    if (isCommonPassword(newPassword) || newPassword.toLowerCase() === user.username.toLowerCase())
      throw new ApiError(
        400,
        'weak_password',
        'This password is too common. Choose a longer, less guessable one.',
      );
    const redis = redisFor(c);
    await failClosed(updatePasswordHash(redis, user, await hashPassword(newPassword)));
    await failClosed(revokeAllFamilies(redis, user.id));
    await failClosed(advanceGeneration(redis, user.id));
    return c.json(await newSession(c, user));
  })
  /** Signs the account out on every device, this one included: refresh families and access tokens end. */
  .post('/logout-all', async (c) => {
    const userId = c.get('user').sub;
    const redis = redisFor(c);
    await failClosed(revokeAllFamilies(redis, userId));
    await failClosed(advanceGeneration(redis, userId));
    clearRefreshCookie(c);
    return c.body(null, 204);
  });
