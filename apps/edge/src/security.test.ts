import { sign } from 'hono/jwt';
import { errorBodySchema } from '@cifra/contracts';
import { describe, expect, it, vi } from 'vitest';
import { call, goodPassword, randomUsername, registerUser } from '../test/helpers.ts';
import { signAccessToken } from './auth/access-tokens.ts';

const secret = 'test-jwt-secret-0123456789abcdef0123456789abcdef';

/** The key id the edge gives a secret (access-tokens.ts): forged tokens carry the real one. */
async function kidOf(keySecret: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`kid:${keySecret}`));
  return [...new Uint8Array(digest)]
    .map((byte) => byte.toString(16).padStart(2, '0'))
    .join('')
    .slice(0, 16);
}

const base64Url = (text: string) => btoa(text).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

/** A JWK whose key bytes are `keySecret` but whose `kid` names `kidSecret` (forgeries lie here). */
async function jwk(keySecret: string, alg: 'HS256' | 'HS512' = 'HS256', kidSecret = keySecret) {
  return { kty: 'oct', k: base64Url(keySecret), alg, kid: await kidOf(kidSecret) };
}

/** The claims of a real session's access token, to re-sign in forged ways. */
function claimsOf(accessToken: string): Record<string, unknown> {
  const payload = accessToken.split('.')[1] ?? '';
  return JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
}

describe('access tokens', () => {
  it('refuses alg "none", another algorithm, and a token signed with another key, all with the right kid', async () => {
    const { session } = await registerUser();
    const real = claimsOf(session.accessToken);
    const kid = await kidOf(secret);
    // The control: the same claims, HS256, the edge's key and kid — accepted.
    expect((await call('/api/me', { token: await sign(real, await jwk(secret), 'HS256') })).status).toBe(200);
    const [header, payload] = session.accessToken.split('.');
    const forgeries = {
      'alg none': `${base64Url(JSON.stringify({ alg: 'none', typ: 'JWT', kid }))}.${payload}.`,
      'HS512 with the right key': await sign(real, await jwk(secret, 'HS512'), 'HS512'),
      'HS256 with another key': await sign(
        real,
        await jwk('another-secret-that-is-32-bytes-long!!', 'HS256', secret),
        'HS256',
      ),
      'a changed signature': `${header}.${payload}.AAAA`,
    };
    for (const [name, token] of Object.entries(forgeries)) {
      expect(
        JSON.parse(atob((token.split('.')[0] ?? '').replace(/-/g, '+').replace(/_/g, '/'))).kid,
        name,
      ).toBe(kid);
      expect((await call('/api/me', { token })).status, name).toBe(401);
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
    const { exp, ...rest } = claimsOf(session.accessToken);
    expect(typeof exp).toBe('number');
    const key = await jwk(secret);
    // The same key and claims are accepted with exp: only the missing exp is refused.
    expect(
      (await call('/api/me', { token: await sign({ ...rest, exp: Number(exp) }, key, 'HS256') })).status,
    ).toBe(200);
    expect((await call('/api/me', { token: await sign(rest, key, 'HS256') })).status).toBe(401);
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
