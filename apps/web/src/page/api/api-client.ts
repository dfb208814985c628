import { errorBodySchema, sessionSchema, type ErrorCode, type Session } from '@cifra/contracts';

/** A failed API call, with what the UI needs to explain it. */
export class ApiRequestError extends Error {
  override name = 'ApiRequestError';
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'network',
    message: string,
    /** Seconds to wait, from Retry-After (429, 503). */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

/** The access token lives here, in memory only; the refresh token is an HttpOnly cookie. */
let accessToken: string | undefined;
let refreshing: Promise<SharedSession> | undefined;

export function setAccessToken(token: string | undefined): void {
  accessToken = token;
}

/**
 * Tabs of one browser share the refresh cookie, and the edge rotates it on every use: two tabs
 * refreshing with the same cookie at once would spend it twice (the second is a reuse). So a
 * refresh runs under a Web Lock held across tabs; the tab holding it posts what it got on a
 * BroadcastChannel (the new session, or that it failed) before letting go, and a tab that had to
 * wait for the lock takes that session instead of rotating the cookie again. A session another
 * tab got moments ago is taken too. Sign-in and sign-out travel on the same channel.
 */
const lockName = 'cifra-refresh';
const channelName = 'cifra-session';
/**
 * How long a tab that waited for the lock waits for the holder's message: the lock and the
 * channel are separate paths between tabs, so the lock can arrive first. Only a holder that
 * died mid-refresh (tab closed) lets this run out; then this tab refreshes itself.
 */
const channelWaitMs = 1_000;
/** A session issued this recently (and at most half its life ago) is taken as it is. */
const freshMs = 10_000;

/** A session as passed between tabs: `at` is when it arrived from the edge (ms since the epoch). */
export interface SharedSession {
  id: string;
  at: number;
  session: Session;
}
export type TabMessage =
  | { type: 'session'; shared: SharedSession }
  | { type: 'refresh-failed'; at: number }
  | { type: 'signed-out' };

const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(channelName) : undefined;
const listeners = new Set<(message: TabMessage) => void>();
/** The newest session this tab knows of, its own or another tab's. */
let latestShared: SharedSession | undefined;
/** When another tab last said its refresh failed. */
let lastFailureAt = 0;

channel?.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseTabMessage(event.data);
  if (!message) return;
  if (message.type === 'session') {
    latestShared = message.shared;
    accessToken = message.shared.session.accessToken;
  } else if (message.type === 'refresh-failed') {
    lastFailureAt = message.at;
  } else {
    latestShared = undefined;
    accessToken = undefined;
    refreshing = undefined;
  }
  for (const listener of listeners) listener(message);
});

function parseTabMessage(data: unknown): TabMessage | undefined {
  if (typeof data !== 'object' || data === null || !('type' in data)) return undefined;
  if (data.type === 'signed-out') return { type: 'signed-out' };
  if (data.type === 'refresh-failed')
    return 'at' in data && typeof data.at === 'number' ? { type: 'refresh-failed', at: data.at } : undefined;
  if (data.type !== 'session' || !('shared' in data)) return undefined;
  const shared = data.shared as Partial<SharedSession> | null;
  const session = sessionSchema.safeParse(shared?.session);
  return typeof shared?.id === 'string' && typeof shared.at === 'number' && session.success
    ? { type: 'session', shared: { id: shared.id, at: shared.at, session: session.data } }
    : undefined;
}

/** Calls `listener` with what other tabs of this browser say; returns the unsubscribe. */
export function onOtherTabs(listener: (message: TabMessage) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tells the other tabs about a session this tab just got (sign-in, refresh, password change). */
export function shareSession(session: Session): SharedSession {
  const shared: SharedSession = { id: crypto.randomUUID(), at: Date.now(), session };
  latestShared = shared;
  channel?.postMessage({ type: 'session', shared } satisfies TabMessage);
  return shared;
}

/** Tells the other tabs that this browser signed out (they drop their token too). */
export function shareSignOut(): void {
  latestShared = undefined;
  refreshing = undefined;
  channel?.postMessage({ type: 'signed-out' } satisfies TabMessage);
}

/** The newest known session, if issued moments ago and not the token the edge just refused. */
function freshSession(refused: string | undefined): SharedSession | undefined {
  if (!latestShared || latestShared.session.accessToken === refused) return undefined;
  const age = Date.now() - latestShared.at;
  return age < Math.min(freshMs, latestShared.session.expiresIn * 500) ? latestShared : undefined;
}

/** What the tab that held the lock before this one got, once its message is here. */
async function outcomeOfAnotherTab(since: number): Promise<SharedSession | undefined> {
  const arrived = () => (latestShared?.at ?? 0) >= since || lastFailureAt >= since;
  if (!arrived()) {
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      };
      const timer = setTimeout(done, channelWaitMs);
      const unsubscribe = onOtherTabs(done);
    });
  }
  return latestShared && latestShared.at >= since ? latestShared : undefined;
}

/** Rotates the cookie (call holding the lock) and tells the other tabs what came of it. */
async function refreshOverNetwork(): Promise<SharedSession> {
  try {
    const response = await send('/api/auth/refresh', { method: 'POST' });
    if (!response.ok) throw await toError(response);
    const session = sessionSchema.parse(await response.json());
    accessToken = session.accessToken;
    return shareSession(session);
  } catch (error) {
    latestShared = undefined;
    channel?.postMessage({ type: 'refresh-failed', at: Date.now() } satisfies TabMessage);
    throw error;
  }
}

/** Takes a session another tab got (or this tab's own, moments ago). */
function take(shared: SharedSession): SharedSession {
  accessToken = shared.session.accessToken;
  return shared;
}

/**
 * A new access token: rotates the refresh cookie, one tab at a time, unless another tab did so
 * while this one waited or moments ago. Concurrent callers in this tab share one request.
 * `refused` is the token a 401 just came back for (never taken again). The answer's `expiresIn`
 * counts from `at`.
 */
export function refreshSharedSession(refused?: string): Promise<SharedSession> {
  // Cleared when settled, attached after the assignment: a session taken without any wait
  // must not leave its settled promise here for every later refresh.
  refreshing ??= obtainSession(refused).finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

async function obtainSession(refused: string | undefined): Promise<SharedSession> {
  const since = Date.now();
  const fresh = freshSession(refused);
  if (fresh) return take(fresh);
  const locks = typeof navigator === 'object' ? navigator.locks : undefined;
  if (!locks) return refreshOverNetwork();
  // Nobody else refreshing: go at once.
  const mine = await locks.request(lockName, { ifAvailable: true }, (lock) =>
    lock ? refreshOverNetwork() : undefined,
  );
  if (mine) return mine;
  // Another tab holds the lock: its outcome arrives on the channel.
  return locks.request(lockName, async () => {
    const theirs = await outcomeOfAnotherTab(since);
    return theirs && theirs.session.accessToken !== refused ? take(theirs) : refreshOverNetwork();
  });
}

export async function refreshSession(refused?: string): Promise<Session> {
  return (await refreshSharedSession(refused)).session;
}

async function toError(response: Response): Promise<ApiRequestError> {
  const retryAfter = Number(response.headers.get('retry-after')) || undefined;
  const parsed = errorBodySchema.safeParse(await response.json().catch(() => null));
  return parsed.success
    ? new ApiRequestError(response.status, parsed.data.error.code, parsed.data.error.message, retryAfter)
    : new ApiRequestError(response.status, 'internal', `HTTP ${response.status}`, retryAfter);
}

async function send(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(path, { ...init, credentials: 'same-origin' });
  } catch {
    throw new ApiRequestError(0, 'network', 'No connection to the service.');
  }
}

/**
 * Calls the edge with the access token. A 401 (expired token) is refreshed silently once and
 * the call retried; other failures become ApiRequestError.
 */
export async function api<T>(
  path: string,
  init: RequestInit & { json?: unknown } = {},
  parse?: (body: unknown) => T,
): Promise<T> {
  const { json, ...rest } = init;
  const request = () => {
    const headers = new Headers(rest.headers);
    if (accessToken) headers.set('authorization', `Bearer ${accessToken}`);
    if (json !== undefined) headers.set('content-type', 'application/json');
    return send(path, { ...rest, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
  };
  const sentWith = accessToken;
  let response = await request();
  if (response.status === 401 && accessToken && !path.startsWith('/api/auth/')) {
    // Another tab's refresh may have brought a new token while this request travelled.
    if (accessToken === sentWith) await refreshSession(sentWith);
    response = await request();
  }
  if (!response.ok) throw await toError(response);
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json();
  return parse ? parse(body) : (body as T);
}
