import { errorBodySchema, meSchema, sessionSchema } from '@cifra/contracts';
import { describe, expect, it } from 'vitest';
import {
  awayFromMinuteEdge,
  call,
  expectRateLimited,
  goodPassword,
  randomIp,
  randomUsername,
  refreshCookie,
  registerUser,
  repeat,
  testEnv,
} from '../../test/helpers.ts';
import { createRedis } from '../redis/request-redis.ts';
import { sha256Hex } from '../utils/crypto.ts';

const errorCode = async (response: Response) => errorBodySchema.parse(await response.json()).error.code;

describe('POST /api/auth/register', () => {
  it('creates the account: 201, an access token, and a strict refresh cookie', async () => {
    const username = randomUsername('New.User');
    const response = await call('/api/auth/register', {
      method: 'POST',
      json: { username, password: goodPassword },
    });
    expect(response.status).toBe(201);
    const session = sessionSchema.parse(await response.json());
    expect(session.user.username).toBe(username);
    expect(session.tokenType).toBe('Bearer');
    expect(session.expiresIn).toBe(900);
    // One Set-Cookie per cookie, joined by `, ` in Headers.get.
    const cookies = (response.headers.get('set-cookie') ?? '').split(/, (?=cifra_)/);
    const refresh = cookies.find((cookie) => cookie.startsWith('cifra_refresh=')) ?? '';
    expect(refresh).toMatch(/^cifra_refresh=[A-Za-z0-9_-]{43};/);
    expect(refresh).toContain('HttpOnly');
    expect(refresh).toContain('Secure');
    expect(refresh).toContain('SameSite=Strict');
    expect(refresh).toContain('Path=/api/auth');
    // The device cookie (device-cookie.ts) is as strict, and names the device, not the account.
    const device = cookies.find((cookie) => cookie.startsWith('cifra_device=')) ?? '';
    expect(device).toMatch(/^cifra_device=[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43};/);
    expect(device).toContain('HttpOnly');
    expect(device).toContain('Secure');
    expect(device).toContain('SameSite=Strict');
    expect(device).not.toContain(username);
    expect(cookies.join('\n')).not.toContain(goodPassword);
  });

  it('refuses a taken username, case-insensitively', async () => {
    const { username } = await registerUser(randomUsername('taken'));
    const again = await call('/api/auth/register', {
      method: 'POST',
      json: { username: username.toUpperCase(), password: goodPassword },
    });
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe('username_taken');
  });

  it('refuses common passwords and the username as password', async () => {
    const common = await call('/api/auth/register', {
      method: 'POST',
      json: { username: randomUsername(), password: 'Password123' },
    });
    expect(common.status).toBe(400);
    expect(await errorCode(common)).toBe('weak_password');
    const username = randomUsername();
    const same = await call('/api/auth/register', { method: 'POST', json: { username, password: username } });
    expect(await errorCode(same)).toBe('weak_password');
  });

  it('validates the body with field paths', async () => {
    const response = await call('/api/auth/register', {
      method: 'POST',
      json: { username: 'a b', password: 'short' },
    });
    expect(response.status).toBe(400);
    const body = errorBodySchema.parse(await response.json());
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.issues?.map((issue) => issue.path).sort()).toEqual(['password', 'username']);
  });

  it('answers bad JSON with 400 bad_json and an oversized body with 413', async () => {
    const bad = await call('/api/auth/register', {
      method: 'POST',
      body: '{"username":',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(await errorCode(bad)).toBe('bad_json');
    const huge = await call('/api/auth/register', {
      method: 'POST',
      json: { username: randomUsername(), password: 'x'.repeat(20_000) },
    });
    expect(huge.status).toBe(413);
    expect(await errorCode(huge)).toBe('payload_too_large');
  });

  it('is off when ALLOW_SIGNUP is false', async () => {
    const response = await call('/api/auth/register', {
      method: 'POST',
      json: { username: randomUsername(), password: goodPassword },
      env: { ALLOW_SIGNUP: 'false' },
    });
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('signup_disabled');
  });

  it('allows exactly 5 registrations an hour per IP', async () => {
    const ip = randomIp();
    const { statuses, last } = await repeat(6, () =>
      call('/api/auth/register', {
        method: 'POST',
        ip,
        json: { username: randomUsername(), password: goodPassword },
      }),
    );
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    await expectRateLimited(last);
  });

  it('fails closed with 503 when Redis is down, and within about a second when it hangs', async () => {
    const json = { username: randomUsername(), password: goodPassword };
    const down = await call('/api/auth/register', { method: 'POST', json, redis: 'down' });
    expect(down.status).toBe(503);
    expect(await errorCode(down)).toBe('unavailable');
    const started = Date.now();
    const hanging = await call('/api/auth/register', { method: 'POST', json, redis: 'hanging' });
    expect(hanging.status).toBe(503);
    // Not a speed benchmark: proof that the limiter's 1 s timeout applies (the client default is ~5 s).
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe('POST /api/auth/login', () => {
  it('signs in with the right password, whatever the case of the username', async () => {
    const { username } = await registerUser();
    const response = await call('/api/auth/login', {
      method: 'POST',
      json: { username: username.toUpperCase(), password: goodPassword },
    });
    expect(response.status).toBe(200);
    expect(sessionSchema.parse(await response.json()).user.username).toBe(username);
    expect(refreshCookie(response)).toBeDefined();
  });

  it('answers a wrong password and an unknown user identically', async () => {
    const { username } = await registerUser();
    const wrong = await call('/api/auth/login', {
      method: 'POST',
      json: { username, password: 'not the password' },
    });
    const unknown = await call('/api/auth/login', {
      method: 'POST',
      json: { username: randomUsername(), password: 'whatever123' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('allows 5 failures per username and IP, then refuses even the right password', async () => {
    const { username } = await registerUser();
    const ip = randomIp();
    const { statuses } = await repeat(5, () =>
      call('/api/auth/login', { method: 'POST', ip, json: { username, password: 'wrong-password' } }),
    );
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const blocked = await call('/api/auth/login', {
      method: 'POST',
      ip,
      json: { username, password: goodPassword },
    });
    await expectRateLimited(blocked);
    // Another IP is not blocked for this account.
    const elsewhere = await call('/api/auth/login', {
      method: 'POST',
      json: { username, password: goodPassword },
    });
    expect(elsewhere.status).toBe(200);
  });

  it('forgets earlier failures after a successful login', async () => {
    const { username } = await registerUser();
    const ip = randomIp();
    await repeat(4, () =>
      call('/api/auth/login', { method: 'POST', ip, json: { username, password: 'wrong-password' } }),
    );
    expect(
      (await call('/api/auth/login', { method: 'POST', ip, json: { username, password: goodPassword } }))
        .status,
    ).toBe(200);
    const { statuses } = await repeat(5, () =>
      call('/api/auth/login', { method: 'POST', ip, json: { username, password: 'wrong-password' } }),
    );
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
  });

  it('allows exactly 20 attempts a minute per IP', async () => {
    const ip = randomIp();
    const { statuses, last } = await repeat(21, () =>
      call('/api/auth/login', {
        method: 'POST',
        ip,
        json: { username: randomUsername(), password: 'wrong-password' },
      }),
    );
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
    await expectRateLimited(last);
  });

  it('fails closed with 503 when Redis is down', async () => {
    const response = await call('/api/auth/login', {
      method: 'POST',
      json: { username: randomUsername(), password: goodPassword },
      redis: 'down',
    });
    expect(response.status).toBe(503);
    expect(await errorCode(response)).toBe('unavailable');
  });
});

describe('password guessing', () => {
  const login = (username: string, password: string, ip = randomIp(), env?: Record<string, string>) =>
    call('/api/auth/login', { method: 'POST', ip, json: { username, password }, ...(env ? { env } : {}) });

  it('checks at most 5 of 20 parallel wrong passwords from one IP for one account', async () => {
    const { username } = await registerUser();
    const ip = randomIp();
    await awayFromMinuteEdge();
    const statuses = (
      await Promise.all(Array.from({ length: 20 }, () => login(username, 'wrong-password', ip)))
    ).map((response) => response.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(15);
  });

  it('limits one account across IPs: 10 free attempts, then growing delays', async () => {
    const { username } = await registerUser();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt++)
      statuses.push((await login(username, 'wrong-password')).status);
    expect(statuses).toEqual([...Array<number>(11).fill(401), 429]);
    const blocked = await login(username, goodPassword);
    await expectRateLimited(blocked);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(20);
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(30);
  });

  it('counts parallel attempts at one account from many IPs before checking any', async () => {
    const { username } = await registerUser();
    const statuses = (
      await Promise.all(Array.from({ length: 16 }, () => login(username, 'wrong-password')))
    ).map((response) => response.status);
    // 10 free attempts and the first delayed one are checked; the other 5 wait.
    expect(statuses.filter((status) => status === 401)).toHaveLength(11);
    expect(statuses.filter((status) => status === 429)).toHaveLength(5);
  });

  it('lets the right password in once the delay has passed, doubles the delay, and forgets the count', async () => {
    const env = { LOGIN_GUARD_FREE_ATTEMPTS: '2', LOGIN_GUARD_BASE_DELAY_SECONDS: '3' };
    const wait = (until: number) =>
      new Promise((resolve) => setTimeout(resolve, Math.max(0, until - Date.now())));
    const { username } = await registerUser();
    expect((await login(username, 'wrong-1', randomIp(), env)).status).toBe(401);
    expect((await login(username, 'wrong-2', randomIp(), env)).status).toBe(401);
    // The third attempt is checked and closes the account for 3 s…
    const third = Date.now();
    expect((await login(username, 'wrong-3', randomIp(), env)).status).toBe(401);
    const early = await login(username, goodPassword, randomIp(), env);
    expect(early.status).toBe(429);
    expect(Number(early.headers.get('retry-after'))).toBeLessThanOrEqual(3);
    // …the next one, after it, for 6 s.
    await wait(third + 3_800);
    const fourth = Date.now();
    expect((await login(username, 'wrong-4', randomIp(), env)).status).toBe(401);
    const doubled = await login(username, goodPassword, randomIp(), env);
    expect(doubled.status).toBe(429);
    expect(Number(doubled.headers.get('retry-after'))).toBeGreaterThan(3);
    expect(Number(doubled.headers.get('retry-after'))).toBeLessThanOrEqual(6);
    await wait(fourth + 6_800);
    expect((await login(username, goodPassword, randomIp(), env)).status).toBe(200);
    // A right password starts the count again: two free attempts before any delay.
    expect((await login(username, 'wrong-5', randomIp(), env)).status).toBe(401);
    expect((await login(username, 'wrong-6', randomIp(), env)).status).toBe(401);
  });

  it('limits one IP across accounts per hour (LIMIT_LOGIN_PER_IP_HOUR, 100 by default)', async () => {
    const ip = randomIp();
    const env = { LIMIT_LOGIN_PER_IP: '1000/1 m', LIMIT_LOGIN_PER_IP_HOUR: '8/1 h' };
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let attempt = 0; attempt < 9; attempt++) {
      last = await login(randomUsername(), 'wrong-password', ip, env);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([...Array<number>(8).fill(401), 429]);
    // The hourly limiter refused it, not the per-minute one (1000).
    expect(last?.headers.get('ratelimit-limit')).toBe('8');
  });

  it('cannot be turned against the owner: a browser that signed in before still gets in', async () => {
    const { username } = await registerUser();
    const owner = await login(username, goodPassword);
    const device = /cifra_device=[^;]+/.exec(owner.headers.get('set-cookie') ?? '')?.[0];
    expect(device).toBeDefined();
    // Someone guesses from many IPs until the account is closed to the world…
    for (let attempt = 0; attempt < 11; attempt++) await login(username, 'wrong-password');
    expect((await login(username, goodPassword)).status).toBe(429);
    // …but the owner's browser is let through to the password check.
    const known = (password: string) =>
      call('/api/auth/login', {
        method: 'POST',
        ip: randomIp(),
        cookie: device,
        json: { username, password },
      });
    expect((await known(goodPassword)).status).toBe(200);
    // Still checked there, and limited per device: 5 failures close this device too.
    const { statuses } = await repeat(6, () => known('wrong-password'));
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // A device cookie forged, or of another account, counts for nothing.
    const other = await registerUser();
    const otherDevice = /cifra_device=[^;]+/.exec(
      (await login(other.username, goodPassword)).headers.get('set-cookie') ?? '',
    )?.[0];
    for (const cookie of [otherDevice, `cifra_device=${'A'.repeat(22)}.${'B'.repeat(43)}`]) {
      const response = await call('/api/auth/login', {
        method: 'POST',
        ip: randomIp(),
        ...(cookie ? { cookie } : {}),
        json: { username, password: goodPassword },
      });
      expect(response.status).toBe(429);
    }
  });
});

describe('cross-site forms', () => {
  const credentials = () => JSON.stringify({ username: randomUsername(), password: goodPassword });

  it('refuses JSON routes a body that is not declared application/json: 415, no account made', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const body = credentials();
      const response = await call('/api/auth/register', {
        method: 'POST',
        body,
        headers: { 'content-type': type },
      });
      expect(response.status, type).toBe(415);
      expect(await errorCode(response)).toBe('unsupported_type');
      // The same body as JSON shows nothing was made: the name is still free.
      const json = await call('/api/auth/register', {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json; charset=utf-8' },
      });
      expect(json.status).toBe(201);
    }
    const { username } = await registerUser();
    const login = await call('/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ username, password: goodPassword }),
      headers: { 'content-type': 'text/plain' },
    });
    expect(login.status).toBe(415);
    expect(login.headers.get('set-cookie')).toBeNull();
  });

  it('refuses register and login sent by another site: 403 cross_site', async () => {
    const { username } = await registerUser();
    const attempts: [string, string][] = [
      ['/api/auth/register', credentials()],
      ['/api/auth/login', JSON.stringify({ username, password: goodPassword })],
    ];
    for (const [path, body] of attempts) {
      const crossSite: Record<string, string>[] = [
        { origin: 'https://evil.example', 'content-type': 'text/plain' },
        { origin: 'https://evil.example', 'content-type': 'application/json' },
        { 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
        { 'sec-fetch-site': 'same-site', 'content-type': 'application/json' },
      ];
      for (const headers of crossSite) {
        const response = await call(path, { method: 'POST', body, headers });
        expect(response.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
        expect(await errorCode(response)).toBe('cross_site');
        expect(response.headers.get('set-cookie')).toBeNull();
      }
    }
    // The app's own origin and a same-origin fetch are let through.
    const own = await call('/api/auth/login', {
      method: 'POST',
      json: { username, password: goodPassword },
      headers: { origin: 'https://cifra.test', 'sec-fetch-site': 'same-origin' },
    });
    expect(own.status).toBe(200);
  });
});

describe('POST /api/auth/refresh', () => {
  it('rotates the refresh token and issues a new access token', async () => {
    const { cookie, session } = await registerUser();
    const response = await call('/api/auth/refresh', { method: 'POST', cookie });
    expect(response.status).toBe(200);
    const refreshed = sessionSchema.parse(await response.json());
    expect(refreshed.user).toEqual(session.user);
    expect(refreshed.accessToken).not.toBe(session.accessToken);
    const next = refreshCookie(response);
    expect(next).toBeDefined();
    expect(next).not.toBe(cookie);
    expect((await call('/api/auth/refresh', { method: 'POST', cookie: next })).status).toBe(200);
  });

  it('revokes the whole family when a rotated token is used again (no grace window)', async () => {
    const env = { REFRESH_GRACE_SECONDS: '0' };
    const { cookie } = await registerUser();
    const first = await call('/api/auth/refresh', { method: 'POST', cookie, env });
    const current = refreshCookie(first);
    const replay = await call('/api/auth/refresh', { method: 'POST', cookie, env });
    expect(replay.status).toBe(401);
    expect(replay.headers.get('set-cookie')).toMatch(/cifra_refresh=;/);
    // The thief's replay also signed out the legitimate, newer token.
    expect((await call('/api/auth/refresh', { method: 'POST', cookie: current, env })).status).toBe(401);
  });

  it('gives 5 concurrent refreshes with one cookie the same successor: all 200, one session', async () => {
    const { cookie } = await registerUser();
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => call('/api/auth/refresh', { method: 'POST', cookie })),
    );
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    const successors = new Set(responses.map((response) => refreshCookie(response)));
    expect(successors.size).toBe(1);
    const [successor] = [...successors];
    expect(successor).not.toBe(cookie);
    // The one successor carries the session on.
    expect((await call('/api/auth/refresh', { method: 'POST', cookie: successor })).status).toBe(200);
  });

  it('revokes the family when the old token comes back after the grace window', async () => {
    const env = { REFRESH_GRACE_SECONDS: '3' };
    const { cookie } = await registerUser();
    const rotatedAt = Date.now();
    const first = await call('/api/auth/refresh', { method: 'POST', cookie, env });
    const current = refreshCookie(first);
    // Within the window the old token still gets the same successor…
    const again = await call('/api/auth/refresh', { method: 'POST', cookie, env });
    expect(again.status).toBe(200);
    expect(refreshCookie(again)).toBe(current);
    // …after it, it is a replay.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, rotatedAt + 3_300 - Date.now())));
    const replay = await call('/api/auth/refresh', { method: 'POST', cookie, env });
    expect(replay.status).toBe(401);
    expect((await call('/api/auth/refresh', { method: 'POST', cookie: current, env })).status).toBe(401);
  });

  it('treats a used mark written before the grace window (a bare family id) as a replay', async () => {
    const env = { REFRESH_GRACE_SECONDS: '0' };
    const { cookie } = await registerUser();
    const current = refreshCookie(await call('/api/auth/refresh', { method: 'POST', cookie, env }));
    const redis = createRedis(testEnv());
    const key = `cifra:refresh-used:${await sha256Hex(cookie.replace('cifra_refresh=', ''))}`;
    const mark = await redis.get<{ familyId: string }>(key);
    expect(mark?.familyId).toBeTruthy();
    await redis.set(key, mark?.familyId);
    const replay = await call('/api/auth/refresh', { method: 'POST', cookie, env });
    expect(replay.status).toBe(401);
    expect((await call('/api/auth/refresh', { method: 'POST', cookie: current, env })).status).toBe(401);
  });

  it('answers 401 without a cookie or with a token it never issued', async () => {
    expect((await call('/api/auth/refresh', { method: 'POST' })).status).toBe(401);
    const forged = await call('/api/auth/refresh', {
      method: 'POST',
      cookie: `cifra_refresh=${'A'.repeat(43)}`,
    });
    expect(forged.status).toBe(401);
    expect(await errorCode(forged)).toBe('unauthorized');
  });

  it('allows exactly 30 refreshes a minute per IP', async () => {
    const ip = randomIp();
    const { statuses, last } = await repeat(31, () => call('/api/auth/refresh', { method: 'POST', ip }));
    expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
    await expectRateLimited(last);
  });

  it('fails closed with 503 when Redis is down', async () => {
    const { cookie } = await registerUser();
    const response = await call('/api/auth/refresh', { method: 'POST', cookie, redis: 'down' });
    expect(response.status).toBe(503);
  });
});

describe('POST /api/auth/logout', () => {
  it('revokes the session and clears the cookie', async () => {
    const { cookie } = await registerUser();
    const response = await call('/api/auth/logout', { method: 'POST', cookie });
    expect(response.status).toBe(204);
    expect(response.headers.get('set-cookie')).toMatch(/cifra_refresh=;.*Max-Age=0/);
    expect((await call('/api/auth/refresh', { method: 'POST', cookie })).status).toBe(401);
  });

  it('revokes the newer tokens of the family too', async () => {
    const { cookie } = await registerUser();
    const rotated = refreshCookie(await call('/api/auth/refresh', { method: 'POST', cookie }));
    await call('/api/auth/logout', { method: 'POST', cookie });
    expect((await call('/api/auth/refresh', { method: 'POST', cookie: rotated })).status).toBe(401);
  });

  it('fails closed with 503 when Redis is down', async () => {
    const { cookie } = await registerUser();
    expect((await call('/api/auth/logout', { method: 'POST', cookie, redis: 'down' })).status).toBe(503);
  });
});

describe('GET /api/me', () => {
  it('says who the token belongs to, with no Redis needed', async () => {
    const { session } = await registerUser();
    const response = await call('/api/me', { token: session.accessToken, redis: 'down' });
    expect(response.status).toBe(200);
    const me = meSchema.parse(await response.json());
    expect(me).toMatchObject({ id: session.user.id, username: session.user.username });
  });

  it('answers 401 with a Bearer challenge without a token', async () => {
    const response = await call('/api/me');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
    expect(await errorCode(response)).toBe('unauthorized');
  });
});
