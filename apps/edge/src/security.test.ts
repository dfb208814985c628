import { sign } from 'hono/jwt';
import { errorBodySchema } from '@cifra/contracts';
import { describe, expect, it, vi } from 'vitest';
import { call, goodPassword, randomUsername, registerUser } from '../test/helpers.ts';
import { signAccessToken } from './auth/access-tokens.ts';

const secret = 'test-jwt-secret-0123456789abcdef0123456789abcdef';
const claims = { iss: 'cifra', aud: 'cifra-app' };

describe('access tokens', () => {
  it('refuses alg "none", another algorithm, and a token signed with another key', async () => {
    const { session } = await registerUser();
    const [header, payload] = session.accessToken.split('.');
    const noneHeader = btoa(JSON.stringify({ alg: 'none', typ: 'JWT' })).replace(/=+$/, '');
    for (const token of [
      `${noneHeader}.${payload}.`,
      await sign({ sub: 'x', name: 'x', ...claims, exp: 9_999_999_999 }, secret, 'HS512'),
      await sign(
        { sub: 'x', name: 'x', ...claims, exp: 9_999_999_999 },
        'another-secret-that-is-32-bytes-long!!',
        'HS256',
      ),
      `${header}.${payload}.AAAA`,
    ]) {
      expect((await call('/api/me', { token })).status).toBe(401);
    }
  });

  it('refuses expired tokens and tokens for another audience or issuer', async () => {
    const user = { id: 'u1', username: 'someone', generation: 1 };
    const expired = await signAccessToken({ current: secret }, user, {
      issuer: 'cifra',
      audience: 'cifra-app',
      ttlSeconds: -10,
    });
    expect((await call('/api/me', { token: expired.token })).status).toBe(401);
    const otherAudience = await signAccessToken({ current: secret }, user, {
      issuer: 'cifra',
      audience: 'elsewhere',
      ttlSeconds: 60,
    });
    expect((await call('/api/me', { token: otherAudience.token })).status).toBe(401);
    const otherIssuer = await signAccessToken({ current: secret }, user, {
      issuer: 'evil',
      audience: 'cifra-app',
      ttlSeconds: 60,
    });
    expect((await call('/api/me', { token: otherIssuer.token })).status).toBe(401);
  });

  it('refuses a correctly signed token that has no exp', async () => {
    const { session } = await registerUser();
    const [, payload] = session.accessToken.split('.');
    const { exp, ...rest } = JSON.parse(atob(payload!.replace(/-/g, '+').replace(/_/g, '/'))) as {
      exp: number;
    } & Record<string, unknown>;
    expect(exp).toBeGreaterThan(0);
    const kid = [
      ...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`kid:${secret}`))),
    ]
      .map((byte) => byte.toString(16).padStart(2, '0'))
      .join('')
      .slice(0, 16);
    const key = {
      kty: 'oct',
      k: btoa(secret).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'),
      alg: 'HS256',
      kid,
    };
    const withExp = await sign({ ...rest, exp }, key, 'HS256');
    const withoutExp = await sign(rest, key, 'HS256');
    // The same key and claims are accepted with exp: only the missing exp is refused.
    expect((await call('/api/me', { token: withExp })).status).toBe(200);
    expect((await call('/api/me', { token: withoutExp })).status).toBe(401);
  });

  it('still accepts tokens of the previous key during a rotation, by kid', async () => {
    const { session } = await registerUser();
    const rotated = { JWT_SECRET: 'a-brand-new-jwt-secret-0123456789abcdef!!', JWT_SECRET_PREVIOUS: secret };
    expect((await call('/api/me', { token: session.accessToken, env: rotated })).status).toBe(200);
    // Without the previous key configured, the old token is refused.
    expect(
      (await call('/api/me', { token: session.accessToken, env: { JWT_SECRET: rotated.JWT_SECRET } })).status,
    ).toBe(401);
  });
});

describe('secrets', () => {
  it('without strong, distinct JWT_SECRET and URL_SIGNING_SECRET, issues and accepts nothing', async () => {
    const { session } = await registerUser();
    const shared = 'one-secret-for-both-jobs-0123456789abcdef';
    for (const env of [
      { JWT_SECRET: undefined },
      { JWT_SECRET: 'short' },
      { URL_SIGNING_SECRET: 'short' },
      // Strong, but the same key for tokens and model URLs.
      { JWT_SECRET: shared, URL_SIGNING_SECRET: shared },
      { JWT_SECRET_PREVIOUS: 'test-url-signing-secret-0123456789abcdef012345' },
    ]) {
      const login = await call('/api/auth/login', {
        method: 'POST',
        json: { username: 'someone', password: goodPassword },
        env,
      });
      expect(login.status).toBe(503);
      expect(errorBodySchema.parse(await login.json()).error.code).toBe('misconfigured');
      expect((await call('/api/me', { token: session.accessToken, env })).status).toBe(503);
    }
  });
});

describe('hygiene', () => {
  it('refuses a body over 16 KB by Content-Length before reading it', async () => {
    const response = await call('/api/auth/login', {
      method: 'POST',
      body: 'x'.repeat(17 * 1024),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(413);
  });

  it('refuses a streamed body over 16 KB without a Content-Length', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(4096));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await call('/api/auth/login', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(413);
  });

  it('sends no CORS headers by default, and allows only the configured origins', async () => {
    const origin = 'https://elsewhere.example';
    const plain = await call('/api/health', { headers: { origin } });
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    const allowed = await call('/api/health', { headers: { origin }, env: { CORS_ORIGINS: origin } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(origin);
    const other = await call('/api/health', {
      headers: { origin: 'https://evil.example' },
      env: { CORS_ORIGINS: origin },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('logs one JSON line per request with route, status and user, never the password or token', async () => {
    const log = vi.spyOn(console, 'log');
    const username = randomUsername();
    const register = await call('/api/auth/register', {
      method: 'POST',
      json: { username, password: goodPassword },
    });
    const { accessToken } = (await register.json()) as { accessToken: string };
    await call('/api/me', { token: accessToken });
    const lines = log.mock.calls.map(([line]) => String(line));
    log.mockRestore();
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toEqual([
      expect.objectContaining({ method: 'POST', route: '/api/auth/register', status: 201, user: null }),
      expect.objectContaining({ method: 'GET', route: '/api/me', status: 200, user: expect.any(String) }),
    ]);
    expect(entries[0]?.limits).toEqual(['register-ip:ok']);
    expect(typeof entries[0]?.ms).toBe('number');
    const all = lines.join('\n');
    expect(all).not.toContain(goodPassword);
    expect(all).not.toContain(accessToken);
  });
});
