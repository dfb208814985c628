/**
 * Turns any failure into a sentence in the user's language, from its code: the edge's
 * (`ApiRequestError`), the inference worker's (`WorkerError`), or a picture's. Only a code this
 * page does not know shows the edge's own (English) message.
 */
import { ApiRequestError } from '../api/api-client.ts';
import { WorkerError } from '../inference/inference-client.ts';
import { errorMessages, type ErrorMessageCode } from './error-messages.ts';
import { fill } from './i18n.tsx';
import type { Language } from './messages.ts';

const known = (code: string): code is ErrorMessageCode => Object.hasOwn(errorMessages.en, code);

/** The sentence for one code, with `{name}`-style values filled in. */
export function errorText(
  code: ErrorMessageCode,
  language: Language,
  values: Record<string, string | number> = {},
): string {
  return fill(errorMessages[language][code], values);
}

/** A friendly sentence for any failure: 429 says when to retry; unknown codes keep the edge's words. */
export function describeError(error: unknown, language: Language): string {
  if (error instanceof ApiRequestError) {
    if (error.code === 'rate_limited')
      return errorText('rate_limited', language, { seconds: error.retryAfter ?? 60 });
    if (known(error.code)) return errorText(error.code, language);
    return error.message;
  }
  if (error instanceof WorkerError) return errorText(error.code, language);
  return errorText('worker_failed', language);
}
