import { CorruptImageError, ImageTooLargeError } from './errors.ts';

/** Most frames a GIF may have; only the first is ever decoded. */
export const maxGifFrames = 256;

/** A GIF's logical screen and first frame, every frame checked before any decoding. */
export interface GifLayout {
  width: number;
  height: number;
  frames: number;
  first: GifFrame;
}

/** The first frame: where it lies, its colours, and its LZW data with the sub-block sizes removed. */
export interface GifFrame {
  x: number;
  y: number;
  width: number;
  height: number;
  interlaced: boolean;
  palette: Uint8Array;
  transparent: number | null;
  minCodeSize: number;
  lzw: Uint8Array;
}

const u16 = (bytes: Uint8Array, at: number) => (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);

/**
 * Walks every block of a GIF: each frame must lie inside the logical screen (so no frame is
 * bigger than the size the limits were checked against), have a palette and LZW data; at
 * most {@link maxGifFrames} frames; nothing but the trailer at the end.
 */
export function readGifLayout(bytes: Uint8Array): GifLayout {
  const bad = (why: string) => new CorruptImageError(`The GIF file is damaged: ${why}.`);
  const version = String.fromCharCode(...bytes.subarray(0, 6));
  if (version !== 'GIF87a' && version !== 'GIF89a') throw bad('its header is not GIF87a or GIF89a');
  if (bytes.length < 13) throw bad('its screen descriptor is truncated');
  const width = u16(bytes, 6);
  const height = u16(bytes, 8);
  if (width < 1 || height < 1) throw bad(`its screen is ${width}x${height}`);
  const flags = bytes[10] ?? 0;
  const globalPalette = flags & 0x80 ? 3 << ((flags & 7) + 1) : 0;
  let at = 13 + globalPalette;
  let frames = 0;
  let first: GifFrame | undefined;
  let transparent: number | null = null;

  /** Skips a chain of sub-blocks; returns where each one's data lies. */
  const skipSubBlocks = () => {
    const parts: [number, number][] = [];
    for (;;) {
      if (at >= bytes.length) throw bad('it ends inside a block');
      const size = bytes[at++] ?? 0;
      if (size === 0) return parts;
      if (at + size > bytes.length) throw bad('it ends inside a block');
      parts.push([at, at + size]);
      at += size;
    }
  };

  for (;;) {
    if (at >= bytes.length) throw bad('it has no trailer');
    const introducer = bytes[at++];
    if (introducer === 0x3b) break;
    if (introducer === 0x21) {
      const label = bytes[at++];
      const parts = skipSubBlocks();
      const [start, end] = parts[0] ?? [0, 0];
      // A graphic control extension before the first frame may name its transparent colour.
      if (label === 0xf9 && !first && end - start >= 4)
        transparent = (bytes[start] ?? 0) & 1 ? (bytes[start + 3] ?? 0) : null;
      continue;
    }
    if (introducer !== 0x2c)
      throw bad(`an unknown block 0x${(introducer ?? 0).toString(16)} at byte ${at - 1}`);
    if (at + 9 > bytes.length) throw bad('an image descriptor is truncated');
    const frame = {
      x: u16(bytes, at),
      y: u16(bytes, at + 2),
      width: u16(bytes, at + 4),
      height: u16(bytes, at + 6),
    };
    const frameFlags = bytes[at + 8] ?? 0;
    at += 9;
    frames++;
    if (frames > maxGifFrames)
      throw new ImageTooLargeError(`The GIF has more than ${maxGifFrames} frames; send a still image.`);
    if (frame.width < 1 || frame.height < 1) throw bad(`frame ${frames} is ${frame.width}x${frame.height}`);
    if (frame.x + frame.width > width || frame.y + frame.height > height)
      throw bad(
        `frame ${frames} (${frame.width}x${frame.height} at ${frame.x},${frame.y}) lies outside its ${width}x${height} screen`,
      );
    let palette = bytes.subarray(13, 13 + globalPalette);
    if (frameFlags & 0x80) {
      palette = bytes.subarray(at, at + (3 << ((frameFlags & 7) + 1)));
      at += 3 << ((frameFlags & 7) + 1);
    } else if (!globalPalette) throw bad(`frame ${frames} has no colour table`);
    const minCodeSize = bytes[at++];
    if (minCodeSize === undefined || minCodeSize < 2 || minCodeSize > 8)
      throw bad(`frame ${frames} has LZW code size ${minCodeSize}`);
    const parts = skipSubBlocks();
    if (!first) {
      const lzw = new Uint8Array(parts.reduce((sum, [start, end]) => sum + end - start, 0));
      let offset = 0;
      for (const [start, end] of parts) {
        lzw.set(bytes.subarray(start, end), offset);
        offset += end - start;
      }
      first = { ...frame, interlaced: (frameFlags & 0x40) !== 0, palette, transparent, minCodeSize, lzw };
    }
  }
  if (at !== bytes.length) throw bad(`${bytes.length - at} bytes follow its trailer`);
  if (!first) throw bad('it has no frame');
  if (palettePixels(first) === 0) throw bad('its colour table is truncated');
  return { width, height, frames, first };
}

const palettePixels = (frame: GifFrame) => Math.floor(frame.palette.length / 3);

/**
 * LZW-decodes a frame's colour indices, refusing any code not yet in the table (a corrupt
 * stream that sends omggif's decoder round a cycle for ever) and a stream that ends early.
 */
export function decodeGifIndices(frame: GifFrame): Uint8Array {
  const bad = (why: string) => new CorruptImageError(`The GIF file is damaged: ${why}.`);
  const { lzw, minCodeSize } = frame;
  const count = frame.width * frame.height;
  const out = new Uint8Array(count);
  const clear = 1 << minCodeSize;
  const end = clear + 1;
  const prefix = new Uint16Array(4096);
  const suffix = new Uint8Array(4096);
  const firstOf = new Uint8Array(4096);
  const lengthOf = new Uint16Array(4096);
  for (let code = 0; code < clear; code++) {
    suffix[code] = code;
    firstOf[code] = code;
    lengthOf[code] = 1;
  }
  let next = end + 1;
  let size = minCodeSize + 1;
  let previous = -1;
  let written = 0;
  let bit = 0;
  const totalBits = lzw.length * 8;
  while (written < count) {
    if (bit + size > totalBits) throw bad('its first frame has fewer pixels than its size');
    let code = 0;
    for (let i = 0; i < size; i++, bit++) code |= (((lzw[bit >> 3] ?? 0) >> (bit & 7)) & 1) << i;
    if (code === clear) {
      next = end + 1;
      size = minCodeSize + 1;
      previous = -1;
      continue;
    }
    if (code === end) break;
    if (code > next || (code === next && previous < 0) || (previous < 0 && code >= clear))
      throw bad('its first frame has an invalid LZW code');
    // The string of `code`, or for the code being defined: the previous string plus its first byte.
    const source = code < next ? code : previous;
    const length = (lengthOf[source] ?? 1) + (code === next ? 1 : 0);
    const room = Math.min(length, count - written);
    let at = source;
    // Written backwards along the prefix chain; each prefix is an older code, so the chain ends.
    for (let i = (lengthOf[source] ?? 1) - 1; i >= 0; i--) {
      if (i < room) out[written + i] = suffix[at] ?? 0;
      at = prefix[at] ?? 0;
    }
    const first = firstOf[source] ?? 0;
    if (code === next && length - 1 < room) out[written + length - 1] = first;
    written += room;
    if (previous >= 0 && next < 4096) {
      prefix[next] = previous;
      suffix[next] = code === next ? first : (firstOf[code] ?? 0);
      firstOf[next] = firstOf[previous] ?? 0;
      lengthOf[next] = (lengthOf[previous] ?? 1) + 1;
      next++;
      if (next === 1 << size && size < 12) size++;
    }
    previous = code;
  }
  if (written < count) throw bad('its first frame has fewer pixels than its size');
  return out;
}

/** The first frame on a transparent screen, as RGBA (what omggif's decodeAndBlitFrameRGBA gives). */
export function decodeGifFirstFrame(layout: GifLayout): Uint8Array {
  const { first } = layout;
  const indices = decodeGifIndices(first);
  const rgba = new Uint8Array(layout.width * layout.height * 4);
  const colours = palettePixels(first);
  // Interlaced rows come in four passes: every 8th from 0, every 8th from 4, every 4th from 2, every 2nd from 1.
  const rows: number[] = [];
  if (first.interlaced) {
    for (const [start, step] of [
      [0, 8],
      [4, 8],
      [2, 4],
      [1, 2],
    ] as const)
      for (let row = start; row < first.height; row += step) rows.push(row);
  } else for (let row = 0; row < first.height; row++) rows.push(row);
  for (const [index, row] of rows.entries()) {
    for (let x = 0; x < first.width; x++) {
      const colour = indices[index * first.width + x] ?? 0;
      if (colour === first.transparent) continue;
      const at = ((first.y + row) * layout.width + first.x + x) * 4;
      if (colour < colours) rgba.set(first.palette.subarray(colour * 3, colour * 3 + 3), at);
      rgba[at + 3] = 255;
    }
  }
  return rgba;
}
