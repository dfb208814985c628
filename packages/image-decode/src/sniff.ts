import { CorruptImageError } from './errors.ts';

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';

/** The format by magic bytes; null for anything else. */
export function sniffFormat(bytes: Uint8Array): ImageFormat | null {
  const starts = (signature: number[], at = 0) =>
    signature.every((byte, index) => bytes[at + index] === byte);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts([0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts([0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  return null;
}

const u16be = (bytes: Uint8Array, at: number) => ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
const u16le = (bytes: Uint8Array, at: number) => (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
const u24le = (bytes: Uint8Array, at: number) => u16le(bytes, at) | ((bytes[at + 2] ?? 0) << 16);
const u32be = (bytes: Uint8Array, at: number) => u16be(bytes, at) * 65536 + u16be(bytes, at + 2);

/**
 * Width and height as the file's header declares them, read without decoding any pixel — so
 * a tiny file claiming 30000x30000 is refused at once.
 */
export function readDimensions(bytes: Uint8Array, format: ImageFormat): { width: number; height: number } {
  const truncated = () =>
    new CorruptImageError(`The ${format.toUpperCase()} header is truncated or damaged.`);
  switch (format) {
    case 'png':
      if (bytes.length < 24) throw truncated();
      return { width: u32be(bytes, 16), height: u32be(bytes, 20) };
    case 'gif':
      if (bytes.length < 10) throw truncated();
      return { width: u16le(bytes, 6), height: u16le(bytes, 8) };
    case 'webp': {
      const chunk = String.fromCharCode(...bytes.subarray(12, 16));
      if (chunk === 'VP8 ' && bytes.length >= 30)
        return { width: u16le(bytes, 26) & 0x3fff, height: u16le(bytes, 28) & 0x3fff };
      if (chunk === 'VP8L' && bytes.length >= 25) {
        const bits =
          (bytes[21] ?? 0) | ((bytes[22] ?? 0) << 8) | ((bytes[23] ?? 0) << 16) | ((bytes[24] ?? 0) << 24);
        return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
      }
      if (chunk === 'VP8X' && bytes.length >= 30)
        return { width: u24le(bytes, 24) + 1, height: u24le(bytes, 27) + 1 };
      throw truncated();
    }
    case 'jpeg': {
      // Walk the marker segments up to the first start-of-frame.
      let at = 2;
      while (at + 9 < bytes.length) {
        if (bytes[at] !== 0xff) throw truncated();
        const marker = bytes[at + 1] ?? 0;
        if (marker === 0xff) {
          at++;
          continue;
        }
        const isFrame =
          marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
        if (isFrame) return { width: u16be(bytes, at + 7), height: u16be(bytes, at + 5) };
        at += 2 + u16be(bytes, at + 2);
      }
      throw truncated();
    }
  }
}
