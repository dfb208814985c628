/**
 * Every route with Redis paused (SIGSTOP: connections open, no answer) and stopped: each answers
 * as docs/api.md says — fail closed (503) or degraded — within about one Redis deadline (1 s).
 * The bound asserted is generous for a busy 2-core machine; without the deadline a paused Redis
 * held `GET /api/predictions/…` for over 20 s.
 */
import { env } from 'cloudflare:test';
import { currentModelSchema, errorBodySchema } from '@cifra/contracts';
import { inputHash } from '@cifra/digits';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { call, goodPassword, randomUsername, registerUser, type CallOptions } from '../test/helpers.ts';
import { healthCacheMs } from './routes/health.ts';

const answerWithinMs = 2_500;

const images = inject('images');
let version: string;
let account: Awaited<ReturnType<typeof registerUser>>;

beforeAll(async () => {
  const pointer = await env.ASSETS.fetch(new Request('https://assets.invalid/model/current.json'));
  version = currentModelSchema.parse(await pointer.json()).version;
  account = await registerUser();
  // Load the edge's model now, so the routes below are timed on Redis alone.
  const { input, label } = images.inputs[0] ?? { input: '', label: 0 };
  const hash = await inputHash(bytes(input));
  await call(`/api/predictions/${version}/${hash}`, {
    method: 'PUT',
    token: account.session.accessToken,
    json: { input, digit: label },
  });
});

const bytes = (base64: string) => Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));

interface RouteCase {
  name: string;
  request: () => Promise<[string, CallOptions]>;
  /** The documented answer: a status, and the error code or degraded header it carries. */
  expect: { status: number; code?: string; degraded?: boolean };
}

const routes: RouteCase[] = [
  {
    name: 'POST /api/auth/register',
    request: async () => [
      '/api/auth/register',
      { method: 'POST', json: { username: randomUsername(), password: goodPassword } },
    ],
    expect: { status: 503, code: 'unavailable' },
  },
  {
    name: 'POST /api/auth/login',
    request: async () => [
      '/api/auth/login',
      { method: 'POST', json: { username: account.username, password: goodPassword } },
    ],
    expect: { status: 503, code: 'unavailable' },
  },
  {
    name: 'POST /api/auth/refresh',
    request: async () => ['/api/auth/refresh', { method: 'POST', cookie: account.cookie }],
    expect: { status: 503, code: 'unavailable' },
  },
  {
    name: 'POST /api/auth/logout',
    request: async () => ['/api/auth/logout', { method: 'POST', cookie: account.cookie }],
    expect: { status: 503, code: 'unavailable' },
  },
  {
    name: 'POST /api/auth/password',
    request: async () => [
      '/api/auth/password',
      {
        method: 'POST',
        token: account.session.accessToken,
        json: { currentPassword: goodPassword, newPassword: 'another long passphrase 42' },
      },
    ],
    expect: { status: 503, code: 'unavailable' },
  },
  {
    name: 'POST /api/auth/logout-all',
    request: async () => ['/api/auth/logout-all', { method: 'POST', token: account.session.accessToken }],
    expect: { status: 503, code: 'unavailable' },
  },
  {
    name: 'GET /api/me',
    // Degraded only when the account's token generation is not cached in the isolate (~2 s).
    request: async () => ['/api/me', { token: account.session.accessToken }],
    expect: { status: 200 },
  },
  {
    name: 'DELETE /api/me',
    request: async () => [
      '/api/me',
      { method: 'DELETE', token: account.session.accessToken, json: { password: goodPassword } },
    ],
    expect: { status: 503, code: 'unavailable' },
  },
  {
    name: 'GET /api/model',
    request: async () => ['/api/model', { token: account.session.accessToken }],
    expect: { status: 200, degraded: true },
  },
  {
    name: 'POST /api/predict',
    request: async () => {
      const form = new FormData();
      form.append('file', new File([bytes(images.mnistPng)], 'digit.png', { type: 'image/png' }));
      return ['/api/predict', { method: 'POST', token: account.session.accessToken, body: form }];
    },
    expect: { status: 503, code: 'unavailable' },
  },
  {
    name: 'POST /api/read',
    request: async () => {
      const form = new FormData();
      form.append('file', new File([bytes(images.numberPng)], 'number.png', { type: 'image/png' }));
      return ['/api/read', { method: 'POST', token: account.session.accessToken, body: form }];
    },
    expect: { status: 503, code: 'unavailable' },
  },
  {
    name: 'GET /api/predictions/:version/:hash',
    request: async () => {
      const hash = await inputHash(bytes(images.otherPngInput));
      return [`/api/predictions/${version}/${hash}`, { token: account.session.accessToken }];
    },
    expect: { status: 404, degraded: true },
  },
  {
    name: 'PUT /api/predictions/:version/:hash',
    request: async () => {
      const { input, label } = images.inputs[3] ?? { input: '', label: 0 };
      const hash = await inputHash(bytes(input));
      return [
        `/api/predictions/${version}/${hash}`,
        { method: 'PUT', token: account.session.accessToken, json: { input, digit: label } },
      ];
    },
    expect: { status: 202, degraded: true },
  },
];

describe.each(['paused', 'down'] as const)('with Redis %s', (redis) => {
  it.each(routes)('$name answers as documented within about a second', async (route) => {
    const [path, options] = await route.request();
    const started = Date.now();
    const response = await call(path, { ...options, redis });
    const elapsed = Date.now() - started;
    expect(response.status).toBe(route.expect.status);
    if (route.expect.code)
      expect(errorBodySchema.parse(await response.json()).error.code).toBe(route.expect.code);
    if (route.expect.degraded) expect(response.headers.get('cifra-degraded')).toBeTruthy();
    if (route.expect.status === 503) expect(response.headers.get('retry-after')).toBeTruthy();
    expect(elapsed).toBeLessThan(answerWithinMs);
  });

  it('GET /api/health says Redis is down, within about a second', async () => {
    const started = Date.now();
    const response = await call('/api/health', { redis });
    expect(Date.now() - started).toBeLessThan(answerWithinMs);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ ok: false, redis: 'down' });
  });
});

describe('GET /api/health', () => {
  it('asks Redis at most once per few seconds per isolate, however often it is called', async () => {
    // The same upstash-local written with a trailing slash: a URL this isolate has not pinged yet.
    const upstashUrl = `${inject('upstashUrl')}/`;
    // A spy, not a mock: every request still goes to the real upstash-local.
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const started = Date.now();
    const statuses: number[] = [];
    for (let index = 0; index < 10; index++)
      statuses.push((await call('/api/health', { env: { UPSTASH_REDIS_REST_URL: upstashUrl } })).status);
    const elapsed = Date.now() - started;
    const pings = fetchSpy.mock.calls.filter(([input]) =>
      (input instanceof Request ? input.url : String(input)).startsWith(inject('upstashUrl')),
    );
    fetchSpy.mockRestore();
    expect(statuses).toEqual(Array<number>(10).fill(200));
    expect(elapsed).toBeLessThan(healthCacheMs.up);
    expect(pings).toHaveLength(1);
  });
});
