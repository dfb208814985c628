import type { Session } from '@cifra/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { refreshSharedSession, shareSession, shareSignOut } from './api-client.ts';

const session = (accessToken: string): Session => ({
  accessToken,
  tokenType: 'Bearer',
  expiresIn: 900,
  user: { id: 'u1', username: 'someone' },
});

/** The edge's refresh route, answering a new session per call (the fault-free network). */
function edgeRefreshes(): string[] {
  const calls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string) => {
      calls.push(path);
      return new Response(JSON.stringify(session(`from-edge-${calls.length}`)), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }),
  );
  return calls;
}

afterEach(() => {
  shareSignOut();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('refreshSharedSession', () => {
  it('takes a session issued moments ago, and later refreshes over the network again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const calls = edgeRefreshes();
    shareSession(session('just-issued'));
    expect((await refreshSharedSession()).session.accessToken).toBe('just-issued');
    expect(calls).toEqual([]);
    // Once that session is no longer fresh, a refresh must reach the edge: the settled answer
    // above must not be handed out again.
    vi.setSystemTime(Date.now() + 11_000);
    expect((await refreshSharedSession()).session.accessToken).toBe('from-edge-1');
    expect(calls).toEqual(['/api/auth/refresh']);
  });

  it('shares one request among callers of the same moment', async () => {
    const calls = edgeRefreshes();
    const [first, second] = await Promise.all([refreshSharedSession(), refreshSharedSession()]);
    expect(first.session.accessToken).toBe('from-edge-1');
    expect(second).toBe(first);
    expect(calls).toHaveLength(1);
  });

  it('never hands out a session after sign-out', async () => {
    const calls = edgeRefreshes();
    shareSession(session('before-sign-out'));
    shareSignOut();
    expect((await refreshSharedSession()).session.accessToken).toBe('from-edge-1');
    expect(calls).toHaveLength(1);
  });
});
