import { ApiRequestError } from './api/api-client.ts';
import type { MessageKey } from './i18n/messages.ts';

type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** A friendly sentence for any failure: 429 with when to retry, 503, offline, or the edge's message. */
export function describeError(error: unknown, t: Translate): string {
  if (error instanceof ApiRequestError) {
    if (error.code === 'rate_limited') return t('rateLimited', { seconds: error.retryAfter ?? 60 });
    if (error.code === 'network') return t('networkError');
    if (error.status === 503) return t('unavailable');
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
