import { env, createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { sessionSchema, type Session } from '@cifra/contracts';
import { inject } from 'vitest';
import { createApp } from '../src/app.ts';
import type { Bindings } from '../src/env.ts';

const app = createApp();
export const origin = 'https://cifra.test';

/** A random client IP, so each test has its own per-IP allowances. */
export function randomIp(): string {
  const part = () => Math.floor(Math.random() * 254) + 1;
  return `10.${part()}.${part()}.${part()}`;
}

export function randomUsername(prefix = 'user'): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 12)}`;
}

export type Redis = 'up' | 'down' | 'hanging' | 'paused';

export interface CallOptions extends RequestInit {
  ip?: string;
  token?: string;
  cookie?: string;
  json?: unknown;
  redis?: Redis;
  env?: Partial<Bindings>;
}

/**
 * The Worker's env for a test: real Redis, Redis stopped, a server that never answers, or a real
 * redis-server paused by SIGSTOP behind upstash-local.
 */
export function testEnv(redis: Redis = 'up', overrides: Partial<Bindings> = {}): Bindings {
  const url = {
    up: inject('upstashUrl'),
    down: inject('downUpstashUrl'),
    hanging: inject('hangingUpstashUrl'),
    paused: inject('pausedUpstashUrl'),
  }[redis];
  return { ...env, UPSTASH_REDIS_REST_URL: url, ...overrides } as Bindings;
}

/** One request through the whole app, inside workerd, with its execution context drained. */
export async function call(path: string, options: CallOptions = {}): Promise<Response> {
  const { ip, token, cookie, json, redis, env: overrides, ...init } = options;
  const headers = new Headers(init.headers);
  headers.set('cf-connecting-ip', ip ?? randomIp());
  if (token) headers.set('authorization', `Bearer ${token}`);
  if (cookie) headers.set('cookie', cookie);
  if (json !== undefined) {
    headers.set('content-type', 'application/json');
    init.body = JSON.stringify(json);
  }
  const ctx = createExecutionContext();
  const response = await app.request(
    `${origin}${path}`,
    { ...init, headers },
    testEnv(redis, overrides),
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return response;
}

/** The refresh token from a Set-Cookie header, as a Cookie header value. */
export function refreshCookie(response: Response): string | undefined {
  const match = /cifra_refresh=([^;]*)/.exec(response.headers.get('set-cookie') ?? '');
  return match?.[1] ? `cifra_refresh=${match[1]}` : undefined;
}

export const goodPassword = 'correct horse battery staple';

/** Registers a fresh account and returns its session and refresh cookie. */
export async function registerUser(
  username = randomUsername(),
  password = goodPassword,
): Promise<{ username: string; password: string; session: Session; cookie: string }> {
  const response = await call('/api/auth/register', { method: 'POST', json: { username, password } });
  if (response.status !== 201)
    throw new Error(`register failed: ${response.status} ${await response.text()}`);
  const cookie = refreshCookie(response);
  if (!cookie) throw new Error('register set no refresh cookie');
  return { username, password, session: sessionSchema.parse(await response.json()), cookie };
}

/**
 * Waits out the last seconds of a UTC minute. The limiters' sliding windows are aligned to the
 * clock: requests that straddle a minute's end are weighted across two windows, and an exact
 * "the 11th is refused" could then let the 11th through (seen once in ~300 runs).
 */
export async function awayFromMinuteEdge(marginMs = 3_000): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 60_000 - marginMs)
    await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 50));
}

/** Sends `count` requests one after another; returns their statuses and the last response. */
export async function repeat(
  count: number,
  send: () => Promise<Response>,
): Promise<{ statuses: number[]; last: Response }> {
  await awayFromMinuteEdge();
  const statuses: number[] = [];
  let last: Response | undefined;
  for (let index = 0; index < count; index++) {
    last = await send();
    statuses.push(last.status);
    if (index < count - 1) await last.body?.cancel();
  }
  if (!last) throw new Error('repeat needs count ≥ 1');
  return { statuses, last };
}

/** Asserts the 429 contract: code, Retry-After and the RateLimit-* headers. */
export async function expectRateLimited(response: Response): Promise<void> {
  const { expect } = await import('vitest');
  expect(response.status).toBe(429);
  const body = (await response.json()) as { error: { code: string } };
  expect(body.error.code).toBe('rate_limited');
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(Number(response.headers.get('ratelimit-limit'))).toBeGreaterThan(0);
  expect(response.headers.get('ratelimit-remaining')).toBe('0');
  expect(Number(response.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
}
