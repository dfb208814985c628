import * as z from 'zod/mini';

/** Every error code the edge can answer with. A closed set, so clients can switch on it. */
export const errorCodes = [
  'bad_json',
  'invalid_request',
  'invalid_credentials',
  'username_taken',
  'weak_password',
  'signup_disabled',
  'bad_signature',
  'expired',
  'no_file',
  'unsupported_type',
  'image_too_large',
  'bad_image',
  'no_ink',
  'too_many_digits',
  'hash_mismatch',
  'disagrees',
  'model_outdated',
  'payload_too_large',
  'unauthorized',
  'forbidden',
  'cross_site',
  'not_found',
  'method_not_allowed',
  'rate_limited',
  'unavailable',
  'misconfigured',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** The one error shape of the edge: `{ "error": { "code": "...", "message": "..." } }`. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
    /** Field paths and messages of a schema error, when `code` is `invalid_request`. */
    issues: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
  }),
});

export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Builds the error body; keeps every producer of errors on one shape. */
export function errorBody(
  code: ErrorCode,
  message: string,
  issues?: ErrorBody['error']['issues'],
): ErrorBody {
  return { error: issues ? { code, message, issues } : { code, message } };
}
