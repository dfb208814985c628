/**
 * Luma of raw pixels, the per-pixel half of toLuma: toModelInput also calls it a row at a
 * time, so a big photo is reduced without a full-size float copy. Internal to the package.
 */
import type { PixelImage } from './image.ts';

/**
 * Per byte value: the Rec. 601 products (0.299 * r and so on), alpha / 255, and the white paper
 * showing through, 255 * (1 - alpha / 255). Looking them up gives the very doubles the
 * per-pixel expressions gave, without a conversion and multiply (or a division) per channel.
 */
const byteTable = (f: (v: number) => number): Float64Array =>
  Float64Array.from({ length: 256 }, (_, v) => f(v));
const RED = byteTable((v) => 0.299 * v);
const GREEN = byteTable((v) => 0.587 * v);
const BLUE = byteTable((v) => 0.114 * v);
const OPACITY = byteTable((a) => a / 255);
const PAPER = byteTable((a) => 255 * (1 - a / 255));

/** RGBA pixels can be read one 32-bit word each (R in the low byte) on little-endian hosts. */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/**
 * Luma (Rec. 601) of `count` pixels from pixel index `first`, every `stride`-th pixel, written
 * to out[offset..]: transparent pixels count as white paper. Grey is a copy, and RGBA (the usual
 * layout) has its own loop reading whole pixels; RGB, and RGBA not on a 4-byte boundary, take
 * the byte loop.
 */
export function lumaInto(
  image: PixelImage,
  channels: 1 | 3 | 4,
  first: number,
  count: number,
  out: Float32Array,
  offset = 0,
  /** Pixels from one read to the next (a sampled row). @default 1 */
  stride = 1,
): void {
  const data = image.data;
  const start = data.byteOffset + first * channels;
  if (count <= 0) return;
  if (channels === 1 && stride === 1) {
    out.set(data.subarray(first, first + count), offset);
  } else if (channels === 1) {
    for (let i = 0, p = first; i < count; i++, p += stride) out[offset + i] = data[p] as number;
  } else if (channels === 4 && LITTLE_ENDIAN && start % 4 === 0) {
    const words = new Uint32Array(data.buffer, start, (count - 1) * stride + 1);
    for (let i = 0; i < count; i++) {
      const w = words[i * stride] as number;
      const luma =
        (RED[w & 255] as number) + (GREEN[(w >>> 8) & 255] as number) + (BLUE[(w >>> 16) & 255] as number);
      const a = w >>> 24;
      // Opaque pixels (nearly all) skip the compositing, which would give the same value.
      out[offset + i] = a === 255 ? luma : luma * (OPACITY[a] as number) + (PAPER[a] as number);
    }
  } else {
    for (let i = 0, p = first * channels; i < count; i++, p += channels * stride) {
      const luma =
        (RED[data[p] as number] as number) +
        (GREEN[data[p + 1] as number] as number) +
        (BLUE[data[p + 2] as number] as number);
      if (channels === 3) {
        out[offset + i] = luma;
      } else {
        const a = data[p + 3] as number;
        out[offset + i] = luma * (OPACITY[a] as number) + (PAPER[a] as number);
      }
    }
  }
}
