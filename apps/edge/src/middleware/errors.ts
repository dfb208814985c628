import { errorBody, type ErrorBody, type ErrorCode } from '@cifra/contracts';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../env.ts';

/**
 * A request failure with one of the documented error codes. Throw it from any handler; the
 * error handler turns it into `{ error: { code, message } }` with its status.
 */
export class ApiError extends HTTPException {
  readonly headers: Headers;
  readonly issues: ErrorBody['error']['issues'];

  constructor(
    status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    options: { cause?: unknown; headers?: HeadersInit; issues?: ErrorBody['error']['issues'] } = {},
  ) {
    super(status, { message, cause: options.cause });
    this.headers = new Headers(options.headers);
    this.issues = options.issues;
  }
}

/**
 * The one answer when Redis (or another service the edge needs) cannot answer in time: 503
 * `unavailable` with `Retry-After`. Every fail-closed path throws this.
 */
export function serviceUnavailable(cause?: unknown): ApiError {
  return new ApiError(
    503,
    'unavailable',
    'This service is briefly unavailable. Try again in a few seconds.',
    {
      cause,
      headers: { 'Retry-After': '5' },
    },
  );
}

/** The one answer to a body over a route's limit: 413 `payload_too_large`, naming the limit. */
export function payloadTooLarge(maxBytes: number): ApiError {
  const size = maxBytes >= 1024 * 1024 ? `${maxBytes / 1024 / 1024} MB` : `${maxBytes / 1024} KB`;
  return new ApiError(413, 'payload_too_large', `The request body may be at most ${size}.`);
}

const codeByStatus: Partial<Record<number, ErrorCode>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  429: 'rate_limited',
  503: 'unavailable',
};

function json(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  code: ErrorCode,
  message: string,
  headers?: Headers,
  issues?: ErrorBody['error']['issues'],
) {
  const response = c.json(errorBody(code, message, issues), status);
  headers?.forEach((value, name) => response.headers.set(name, value));
  return response;
}

/**
 * One error handler: ApiError as documented; other HTTPExceptions (hono's JWT, body-limit
 * middleware) keep their status and headers (e.g. WWW-Authenticate) but get the documented
 * body; anything else is a 500 whose details go to the log, not the client.
 */
export const onError: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof ApiError) {
    return json(
      c,
      error.status as ContentfulStatusCode,
      error.code,
      error.message,
      error.headers,
      error.issues,
    );
  }
  if (error instanceof HTTPException) {
    const original = error.getResponse();
    const headers = new Headers(original.headers);
    headers.delete('content-type');
    headers.delete('content-length');
    const status = original.status as ContentfulStatusCode;
    return json(c, status, codeByStatus[status] ?? 'internal', error.message || original.statusText, headers);
  }
  console.error(JSON.stringify({ level: 'error', requestId: c.get('requestId'), error: String(error) }));
  return json(c, 500, 'internal', 'Something went wrong on our side. Try again in a moment.');
};

/** Unknown API and model paths answer JSON; anything else is the web app's (assets). */
export const notFound: NotFoundHandler<AppEnv> = (c) => {
  const { path } = c.req;
  if (path.startsWith('/api/') || path === '/api' || path.startsWith('/model/')) {
    return json(c, 404, 'not_found', `No route for ${c.req.method} ${path}`);
  }
  return c.env.ASSETS.fetch(c.req.raw);
};
