import { bodyLimit } from 'hono/body-limit';
import { payloadTooLarge } from './errors.ts';

/**
 * Refuses bodies over `maxBytes` (plus `slackBytes` of envelope, e.g. multipart) before they
 * are read: by Content-Length, or while streaming when there is none. 413 `payload_too_large`.
 */
export function bodySizeLimit(maxBytes: number, slackBytes = 0) {
  return bodyLimit({
    maxSize: maxBytes + slackBytes,
    onError: () => {
      throw payloadTooLarge(maxBytes);
    },
  });
}
