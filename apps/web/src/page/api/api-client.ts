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
let refreshing: Promise<Session> | undefined;

export function setAccessToken(token: string | undefined): void {
  accessToken = token;
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

/** Rotates the refresh cookie for a new access token; concurrent callers share one request. */
export function refreshSession(): Promise<Session> {
  refreshing ??= (async () => {
    try {
      const response = await send('/api/auth/refresh', { method: 'POST' });
      if (!response.ok) throw await toError(response);
      const session = sessionSchema.parse(await response.json());
      accessToken = session.accessToken;
      return session;
    } finally {
      refreshing = undefined;
    }
  })();
  return refreshing;
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
  let response = await request();
  if (response.status === 401 && accessToken && !path.startsWith('/api/auth/')) {
    await refreshSession();
    response = await request();
  }
  if (!response.ok) throw await toError(response);
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json();
  return parse ? parse(body) : (body as T);
}
