import { errorBodySchema, sessionSchema } from '@cifra/contracts';
import { describe, expect, it } from 'vitest';
import {
  call,
  expectRateLimited,
  goodPassword,
  randomIp,
  refreshCookie,
  registerUser,
  repeat,
  testEnv,
} from '../../test/helpers.ts';
import { createRedis } from '../redis/request-redis.ts';

const newPassword = 'a brand new passphrase for cifra';
const errorCode = async (response: Response) => errorBodySchema.parse(await response.json()).error.code;
const login = (username: string, password: string, ip = randomIp()) =>
  call('/api/auth/login', { method: 'POST', json: { username, password }, ip });
const refresh = (cookie: string) => call('/api/auth/refresh', { method: 'POST', cookie });
const me = (token: string) => call('/api/me', { token });

/** Every key in Redis, with what it holds as text (strings, sets, hashes, lists, sorted sets). */
async function everyKeyAndValue(): Promise<{ key: string; value: string }[]> {
  const redis = createRedis(testEnv());
  const entries: { key: string; value: string }[] = [];
  let cursor: string | number = 0;
  do {
    const [next, keys]: [string | number, string[]] = await redis.scan(cursor, { count: 1000 });
    for (const key of keys) {
      const type = await redis.type(key);
      const value =
        type === 'string'
          ? await redis.get(key)
          : type === 'set'
            ? await redis.smembers(key)
            : type === 'hash'
              ? await redis.hgetall(key)
              : type === 'list'
                ? await redis.lrange(key, 0, -1)
                : type === 'zset'
                  ? await redis.zrange(key, 0, -1)
                  : null;
      entries.push({ key, value: JSON.stringify(value) });
    }
    cursor = next;
  } while (String(cursor) !== '0');
  return entries;
}

describe('POST /api/auth/password', () => {
  it('changes the password: the old one fails, the new one works, earlier cookies and tokens end', async () => {
    const account = await registerUser();
    const other = sessionSchema.parse(await (await login(account.username, account.password)).json());
    const changed = await call('/api/auth/password', {
      method: 'POST',
      token: account.session.accessToken,
      json: { currentPassword: account.password, newPassword },
    });
    expect(changed.status).toBe(200);
    const fresh = sessionSchema.parse(await changed.json());
    expect(refreshCookie(changed)).toBeDefined();

    expect((await login(account.username, account.password)).status).toBe(401);
    expect((await login(account.username, newPassword)).status).toBe(200);
    expect((await refresh(account.cookie)).status).toBe(401);
    expect((await me(account.session.accessToken)).status).toBe(401);
    expect((await me(other.accessToken)).status).toBe(401);
    // This device goes on with the session it was given.
    expect((await me(fresh.accessToken)).status).toBe(200);
    expect((await refresh(refreshCookie(changed) ?? '')).status).toBe(200);
  });

  it('refuses a wrong current password with 401, under the same limits as sign-in', async () => {
    const account = await registerUser();
    const ip = randomIp();
    const attempt = () =>
      call('/api/auth/password', {
        method: 'POST',
        token: account.session.accessToken,
        json: { currentPassword: 'not the password', newPassword },
        ip,
      });
    const { statuses, last } = await repeat(6, attempt);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    await expectRateLimited(last);
    // The budget is sign-in's own: a login attempt from the same place is refused too.
    await expectRateLimited(await login(account.username, account.password, ip));
  });

  it('applies the sign-up rules to the new password', async () => {
    const account = await registerUser();
    const weak = await call('/api/auth/password', {
      method: 'POST',
      token: account.session.accessToken,
      json: { currentPassword: account.password, newPassword: 'Password123' },
    });
    expect(weak.status).toBe(400);
    expect(await errorCode(weak)).toBe('weak_password');
    const short = await call('/api/auth/password', {
      method: 'POST',
      token: account.session.accessToken,
      json: { currentPassword: account.password, newPassword: 'short' },
    });
    expect(short.status).toBe(400);
    expect((await login(account.username, goodPassword)).status).toBe(200);
  });
});

describe('POST /api/auth/logout-all', () => {
  it('ends every session of the account: every earlier refresh cookie and access token fails', async () => {
    const account = await registerUser();
    const second = await login(account.username, account.password);
    const secondCookie = refreshCookie(second) ?? '';
    const secondToken = sessionSchema.parse(await second.json()).accessToken;
    const out = await call('/api/auth/logout-all', { method: 'POST', token: account.session.accessToken });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/cifra_refresh=;/);
    for (const cookie of [account.cookie, secondCookie]) expect((await refresh(cookie)).status).toBe(401);
    for (const token of [account.session.accessToken, secondToken])
      expect((await me(token)).status).toBe(401);
    // Signing in again works.
    expect((await login(account.username, account.password)).status).toBe(200);
  });

  it('also ends a session that has only been refreshing since its sign-in, long after it', async () => {
    const account = await registerUser();
    // The account's index of sessions is kept as long as its newest token: a sign-in 30 days
    // ago whose session kept refreshing must still be found. Simulated by the index having
    // expired since the sign-in; the refresh must index the session again.
    await createRedis(testEnv()).del(`cifra:user-families:${account.session.user.id}`);
    const refreshed = await refresh(account.cookie);
    expect(refreshed.status).toBe(200);
    const latest = refreshCookie(refreshed) ?? '';
    const out = await call('/api/auth/logout-all', { method: 'POST', token: account.session.accessToken });
    expect(out.status).toBe(204);
    expect((await refresh(latest)).status).toBe(401);
  });
});

describe('DELETE /api/me', () => {
  it('erases the account: sign-in fails, tokens and cookies fail, nothing with its id is left in Redis', async () => {
    const account = await registerUser();
    const id = account.session.user.id;
    // Leave traces a real user leaves: a second session and some rate-limit counters.
    await login(account.username, account.password);
    await call('/api/model', { token: account.session.accessToken });
    const before = await everyKeyAndValue();
    expect(before.some(({ key, value }) => key.includes(id) || value.includes(id))).toBe(true);

    const wrong = await call('/api/me', {
      method: 'DELETE',
      token: account.session.accessToken,
      json: { password: 'not the password' },
    });
    expect(wrong.status).toBe(401);
    const deleted = await call('/api/me', {
      method: 'DELETE',
      token: account.session.accessToken,
      json: { password: account.password },
    });
    expect(deleted.status).toBe(204);

    expect((await login(account.username, account.password)).status).toBe(401);
    expect((await me(account.session.accessToken)).status).toBe(401);
    expect((await refresh(account.cookie)).status).toBe(401);
    const left = (await everyKeyAndValue()).filter(
      ({ key, value }) => key.includes(id) || value.includes(id),
    );
    expect(left).toEqual([]);
    // The name stays reserved for the cool-down.
    const again = await call('/api/auth/register', {
      method: 'POST',
      json: { username: account.username, password: goodPassword },
    });
    expect(again.status).toBe(409);
  });
});

describe('account routes refuse cross-site requests', () => {
  it('answers 403 to another origin or a cross-site fetch, like the other cookie routes', async () => {
    const account = await registerUser();
    const requests = [
      ['/api/auth/password', 'POST', { currentPassword: account.password, newPassword }],
      ['/api/auth/logout-all', 'POST', undefined],
      ['/api/me', 'DELETE', { password: account.password }],
      ['/api/auth/login', 'POST', { username: account.username, password: account.password }],
    ] as const;
    for (const [path, method, json] of requests) {
      const crossSite: Record<string, string>[] = [
        { origin: 'https://evil.example' },
        { 'sec-fetch-site': 'cross-site' },
      ];
      for (const headers of crossSite) {
        const response = await call(path, { method, token: account.session.accessToken, json, headers });
        expect(response.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(403);
        expect(errorBodySchema.parse(await response.json()).error.code).toBe('cross_site');
      }
    }
    // Nothing happened: the account and its session are intact.
    expect((await me(account.session.accessToken)).status).toBe(200);
  });
});
