/**
 * The built-in MNIST digits personal fine-tuning trains beside (public/personal, made by
 * `npm run anchors -w packages/model`). Public data, served as a static file; the worker checks
 * it against this SHA-256 before use (a test keeps the two in step) and keeps it in its own
 * Cache Storage, so teaching works offline once it has been fetched.
 */
export const anchorDigitsPath = '/personal/anchor-digits.bin';
export const anchorDigitsSha256 = '0c88fa0f0d0ef7581a0ba058df4787130af9e7916f85d04b72cc8e96d24caf2b';
export const personalCacheName = 'cifra-personal';
