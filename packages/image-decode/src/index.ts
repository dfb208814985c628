/**
 * @cifra/image-decode: image files → RGBA pixels for `@cifra/digits`, the same in the CLI
 * (Node) and the edge (workerd), so both see the same pixels.
 */
export {
  decodeImage,
  defaultMaxDecodeBytes,
  pngDecodeBytes,
  type DecodedImage,
  type DecodeLimits,
} from './decode.ts';
export { sniffFormat, readDimensions, type ImageFormat } from './sniff.ts';
export { crc32, readPngLayout, pngInflatedBytes, type PngLayout } from './png.ts';
export { readGifLayout, maxGifFrames, type GifLayout } from './gif.ts';
export { readJpegLayout, maxJpegScans, jpegDecodeBytes, type JpegLayout } from './jpeg.ts';
export { ImageError, UnsupportedImageError, CorruptImageError, ImageTooLargeError } from './errors.ts';
