import type { Context } from 'hono';
import type * as z from 'zod/mini';
import type { AppEnv } from '../env.ts';
import { bodySizeLimit } from './body-size-limit.ts';
import { ApiError } from './errors.ts';

/** Largest JSON body any route accepts. */
export const maxJsonBodyBytes = 16 * 1024;

/** {@link bodySizeLimit} of every JSON route: 16 KB. */
export function jsonBodyLimit() {
  return bodySizeLimit(maxJsonBodyBytes);
}

/**
 * Parses the body as JSON and validates it: 415 `unsupported_type` unless it is declared
 * `application/json` (a cross-site form can send only `text/plain`, urlencoded or multipart
 * without a preflight), 400 `bad_json`, or 400 `invalid_request` with field paths.
 */
export async function readJsonBody<Schema extends z.ZodMiniType>(
  c: Context<AppEnv>,
  schema: Schema,
): Promise<z.infer<Schema>> {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json')
    throw new ApiError(
      415,
      'unsupported_type',
      'Send the body as JSON, with Content-Type: application/json.',
    );
  let data: unknown;
  try {
    data = JSON.parse(await c.req.text());
  } catch (cause) {
    throw new ApiError(400, 'bad_json', 'The body is not valid JSON.', { cause });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(body)',
      message: issue.message,
    }));
    throw new ApiError(400, 'invalid_request', 'The request body is invalid.', { issues });
  }
  return parsed.data;
}
