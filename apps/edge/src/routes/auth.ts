import { credentialsSchema, loginBodySchema } from '@cifra/contracts';
import { Hono, type Context } from 'hono';
import { isCommonPassword } from '../auth/common-passwords.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { issueRefreshToken, revokeFamily, rotateRefreshToken } from '../auth/refresh-tokens.ts';
import { clearRefreshCookie, readRefreshCookie, startSession } from '../auth/session.ts';
import { createUser, findUser } from '../auth/users.ts';
import { readConfig } from '../config.ts';
import type { AppEnv } from '../env.ts';
import { createRedis } from '../lib/redis.ts';
import {
  assertAllowanceLeft,
  clientIp,
  enforceLimits,
  recordFailure,
  resetFailures,
} from '../limits/rate-limit.ts';
import { ApiError } from '../middleware/errors.ts';
import { jsonBodyLimit, readJsonBody } from '../middleware/json-body.ts';
import { readSecrets } from '../secrets.ts';

const unavailableMessage = 'Accounts are briefly unavailable. Try again in a few seconds.';

/** Runs a Redis step of a fail-closed route: any Redis failure is a 503, never a guess. */
async function failClosed<T>(step: Promise<T>): Promise<T> {
  try {
    return await step;
  } catch (cause) {
    throw new ApiError(503, 'unavailable', unavailableMessage, { cause, headers: { 'Retry-After': '5' } });
  }
}

function redisFor(c: Context<AppEnv>) {
  try {
    return createRedis(c.env);
  } catch (cause) {
    throw new ApiError(503, 'unavailable', unavailableMessage, { cause });
  }
}

/** `/api/auth/*`: register, login, refresh, logout. All fail closed when Redis is down. */
export const auth = new Hono<AppEnv>()
  .use(jsonBodyLimit())
  .post('/register', async (c) => {
    const config = readConfig(c.env);
    readSecrets(c.env);
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
    await enforceLimits(
      c,
      [{ name: 'register-ip', spec: config.LIMIT_REGISTER_PER_IP, identifier: clientIp(c) }],
      'closed',
    );
    const redis = redisFor(c);
    const user = await failClosed(createUser(redis, username, await hashPassword(password)));
    if (user === 'taken')
      throw new ApiError(409, 'username_taken', 'This username is taken. Choose another.');
    const refresh = await failClosed(issueRefreshToken(redis, user, config.REFRESH_TOKEN_TTL_SECONDS));
    return c.json(await startSession(c, user, refresh), 201);
  })
  .post('/login', async (c) => {
    const config = readConfig(c.env);
    readSecrets(c.env);
    const { username, password } = await readJsonBody(c, loginBodySchema);
    const ip = clientIp(c);
    const failures = {
      name: 'login-failures',
      spec: config.LIMIT_LOGIN_FAILURES,
      identifier: `${username.toLowerCase()}|${ip}`,
    };
    await enforceLimits(c, [{ name: 'login-ip', spec: config.LIMIT_LOGIN_PER_IP, identifier: ip }], 'closed');
    await assertAllowanceLeft(c, failures);
    const redis = redisFor(c);
    const user = await failClosed(findUser(redis, username));
    // Same PBKDF2 work whether or not the account exists; one answer for both failures.
    if (!(await verifyPassword(password, user?.passwordHash)) || !user) {
      await recordFailure(c, failures);
      throw new ApiError(401, 'invalid_credentials', 'Wrong username or password.');
    }
    await resetFailures(c, failures);
    const refresh = await failClosed(issueRefreshToken(redis, user, config.REFRESH_TOKEN_TTL_SECONDS));
    return c.json(await startSession(c, user, refresh));
  })
  .post('/refresh', async (c) => {
    const config = readConfig(c.env);
    readSecrets(c.env);
    await enforceLimits(
      c,
      [{ name: 'refresh-ip', spec: config.LIMIT_REFRESH_PER_IP, identifier: clientIp(c) }],
      'closed',
    );
    const token = readRefreshCookie(c);
    if (!token) throw new ApiError(401, 'unauthorized', 'No session to refresh. Sign in.');
    const outcome = await failClosed(
      rotateRefreshToken(redisFor(c), token, config.REFRESH_TOKEN_TTL_SECONDS),
    );
    if (outcome.status !== 'rotated') {
      clearRefreshCookie(c);
      const message =
        outcome.status === 'reused'
          ? 'This session was used from somewhere else and has been signed out everywhere. Sign in again.'
          : 'Your session has ended. Sign in again.';
      throw new ApiError(401, 'unauthorized', message);
    }
    const { userId, username } = outcome.record;
    return c.json(await startSession(c, { id: userId, username }, outcome.token));
  })
  .post('/logout', async (c) => {
    const config = readConfig(c.env);
    await enforceLimits(
      c,
      [{ name: 'refresh-ip', spec: config.LIMIT_REFRESH_PER_IP, identifier: clientIp(c) }],
      'closed',
    );
    const token = readRefreshCookie(c);
    if (token) await failClosed(revokeFamily(redisFor(c), token));
    clearRefreshCookie(c);
    return c.body(null, 204);
  });
