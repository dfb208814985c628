/**
 * inputHash: hex SHA-256 of the 784-byte model input, the shared cache key. WebCrypto only,
 * so the browser, the inference Worker, workerd and Node >= 20 compute the same string.
 */
import { DigitsError } from './errors.ts';
import { INPUT_BYTES } from './to-model-input.ts';

/** The slice of WebCrypto used here; declared locally because this package has no DOM lib. */
interface Subtle {
  digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer>;
}

export async function inputHash(pixels: Uint8Array): Promise<string> {
  if (pixels.length !== INPUT_BYTES) {
    throw new DigitsError('invalid_input', `model input must be ${INPUT_BYTES} bytes, got ${pixels.length}`);
  }
  const subtle = (globalThis as { crypto?: { subtle?: Subtle } }).crypto?.subtle;
  if (!subtle) throw new Error('WebCrypto (crypto.subtle) is not available in this runtime');
  const digest = new Uint8Array(await subtle.digest('SHA-256', pixels));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}
