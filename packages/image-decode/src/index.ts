/**
 * @cifra/image-decode: image files → RGBA pixels for `@cifra/digits`, the same in the CLI
 * (Node) and the edge (workerd), so both see the same pixels.
 */
export { decodeImage, type DecodeLimits } from './decode.ts';
export { sniffFormat, readDimensions, type ImageFormat } from './sniff.ts';
export { ImageError, UnsupportedImageError, CorruptImageError, ImageTooLargeError } from './errors.ts';
