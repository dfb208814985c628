import { Unzlib } from 'fflate';
import { CorruptImageError } from './errors.ts';

/** What a PNG's one IHDR declares, and where its chunks are, checked before any decoding. */
export interface PngLayout {
  width: number;
  height: number;
  depth: 1 | 2 | 4 | 8 | 16;
  colorType: 0 | 2 | 3 | 4 | 6;
  /** Samples per pixel as stored (an indexed pixel is one sample). */
  channels: 1 | 2 | 3 | 4;
  interlaced: boolean;
  /** Bytes the IDAT stream must inflate to: filter bytes and scanlines, every Adam7 pass. */
  inflatedBytes: number;
  /** The file with only IHDR, PLTE, tRNS, IDAT and IEND, each byte for byte as sent. */
  critical: Uint8Array;
  /** The IDAT chunks' data, in order. */
  idat: Uint8Array[];
}

const channelsOf = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;
const depthsOf = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] } as const;
const adam7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;
/** Chunks passed on to the decoder; every other ancillary chunk is checked, then dropped. */
const kept = new Set(['IHDR', 'PLTE', 'tRNS', 'IDAT', 'IEND']);

const crcTable = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO 3309) as PNG chunks carry it. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const u32 = (bytes: Uint8Array, at: number) =>
  (((bytes[at] ?? 0) << 24) |
    ((bytes[at + 1] ?? 0) << 16) |
    ((bytes[at + 2] ?? 0) << 8) |
    (bytes[at + 3] ?? 0)) >>>
  0;

/** Bytes of a filtered, possibly interlaced image: one filter byte per scanline of each pass. */
export function pngInflatedBytes(
  width: number,
  height: number,
  bitsPerPixel: number,
  interlaced: boolean,
): number {
  const passBytes = (w: number, h: number) =>
    w > 0 && h > 0 ? h * (1 + Math.ceil((w * bitsPerPixel) / 8)) : 0;
  if (!interlaced) return passBytes(width, height);
  return adam7.reduce(
    (sum, [x, y, dx, dy]) => sum + passBytes(Math.ceil((width - x) / dx), Math.ceil((height - y) / dy)),
    0,
  );
}

/**
 * Walks every chunk of a PNG and refuses anything a strict reader would: IHDR not first or
 * seen twice, a bad IHDR field, a CRC mismatch, PLTE or tRNS out of order, IDAT chunks not
 * consecutive, an unknown critical chunk, a missing or early IEND, bytes after IEND.
 */
export function readPngLayout(bytes: Uint8Array): PngLayout {
  const bad = (why: string) => new CorruptImageError(`The PNG file is damaged: ${why}.`);
  let at = 8;
  let header: Omit<PngLayout, 'inflatedBytes' | 'critical' | 'idat'> | undefined;
  let paletteEntries = 0;
  let seenTrns = false;
  let idatState: 'before' | 'inside' | 'after' = 'before';
  let ended = false;
  const idat: Uint8Array[] = [];
  const critical: Uint8Array[] = [bytes.subarray(0, 8)];

  while (!ended) {
    if (at + 12 > bytes.length) throw bad(at === 8 ? 'no IHDR chunk' : 'it ends before its IEND chunk');
    const length = u32(bytes, at);
    const typeBytes = bytes.subarray(at + 4, at + 8);
    const type = String.fromCharCode(...typeBytes);
    if (!/^[A-Za-z]{4}$/.test(type)) throw bad(`a chunk at byte ${at} has no valid type`);
    if (length > 0x7fffffff || at + 12 + length > bytes.length)
      throw bad(`the ${type} chunk at byte ${at} runs past the end of the file`);
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== u32(bytes, at + 8 + length))
      throw bad(`the ${type} chunk at byte ${at} fails its CRC`);

    if (!header && type !== 'IHDR') throw bad(`the first chunk is ${type}, not IHDR`);
    if (idatState === 'inside' && type !== 'IDAT') idatState = 'after';
    switch (type) {
      case 'IHDR': {
        if (header) throw bad('it has a second IHDR chunk');
        if (length !== 13) throw bad(`its IHDR is ${length} bytes, not 13`);
        const width = u32(data, 0);
        const height = u32(data, 4);
        const [depth, colorType, compression, filter, interlace] = data.subarray(8, 13);
        if (width < 1 || height < 1 || width > 0x7fffffff || height > 0x7fffffff)
          throw bad(`its IHDR declares ${width}x${height}`);
        if (colorType === undefined || !(colorType in depthsOf))
          throw bad(`colour type ${colorType} is not PNG`);
        const type = colorType as keyof typeof depthsOf;
        if (!(depthsOf[type] as readonly number[]).includes(depth ?? 0))
          throw bad(`bit depth ${depth} is not allowed with colour type ${colorType}`);
        if (compression !== 0 || filter !== 0 || (interlace !== 0 && interlace !== 1))
          throw bad('its IHDR names an unknown compression, filter or interlace method');
        header = {
          width,
          height,
          depth: depth as PngLayout['depth'],
          colorType: type,
          channels: channelsOf[type],
          interlaced: interlace === 1,
        };
        break;
      }
      case 'PLTE':
        if (paletteEntries > 0) throw bad('it has a second PLTE chunk');
        if (idatState !== 'before' || seenTrns) throw bad('PLTE comes after tRNS or IDAT');
        if (header?.colorType === 0 || header?.colorType === 4) throw bad('a grey image carries a palette');
        if (length === 0 || length % 3 !== 0 || length > 768) throw bad(`its PLTE is ${length} bytes`);
        paletteEntries = length / 3;
        break;
      case 'tRNS':
        if (seenTrns) throw bad('it has a second tRNS chunk');
        if (idatState !== 'before') throw bad('tRNS comes after IDAT');
        if (header?.colorType === 3 && (paletteEntries === 0 || length > paletteEntries))
          throw bad('tRNS does not fit the palette');
        if (header?.colorType === 0 && length !== 2) throw bad('a grey tRNS must be 2 bytes');
        if (header?.colorType === 2 && length !== 6) throw bad('an RGB tRNS must be 6 bytes');
        if (header?.colorType === 4 || header?.colorType === 6) throw bad('tRNS on an image with alpha');
        seenTrns = true;
        break;
      case 'IDAT':
        if (idatState === 'after') throw bad('its IDAT chunks are not consecutive');
        if (header?.colorType === 3 && paletteEntries === 0)
          throw bad('an indexed image has no PLTE before IDAT');
        idatState = 'inside';
        idat.push(data);
        break;
      case 'IEND':
        if (length !== 0) throw bad('its IEND chunk is not empty');
        if (idat.length === 0) throw bad('it has no IDAT chunk');
        ended = true;
        break;
      default:
        // An unknown chunk the decoder must understand (upper-case first letter) cannot be skipped.
        if (type.charCodeAt(0) < 0x61) throw bad(`it has an unknown critical chunk ${type}`);
    }
    if (kept.has(type)) critical.push(bytes.subarray(at, at + 12 + length));
    at += 12 + length;
  }
  if (at !== bytes.length) throw bad(`${bytes.length - at} bytes follow its IEND chunk`);
  if (!header) throw bad('no IHDR chunk');

  const total = critical.reduce((sum, part) => sum + part.length, 0);
  const stripped = new Uint8Array(total);
  let offset = 0;
  for (const part of critical) {
    stripped.set(part, offset);
    offset += part.length;
  }
  return {
    ...header,
    inflatedBytes: pngInflatedBytes(
      header.width,
      header.height,
      header.depth * header.channels,
      header.interlaced,
    ),
    critical: stripped,
    idat,
  };
}

/** Compressed bytes fed to the inflater at a time: at most ~1 MB of output each (deflate's ratio is < 1032:1). */
const inflateStep = 1024;

/**
 * Inflates the IDAT stream without keeping its output, stopping as soon as it exceeds what the
 * header implies: a zlib bomb is refused after at most `expected` + ~1 MB of work, never
 * inflated in full. The stream must end with exactly `expected` bytes.
 */
export function checkPngInflatedSize(idat: Uint8Array[], expected: number): void {
  const bad = (why: string) => new CorruptImageError(`The PNG file is damaged: ${why}.`);
  let produced = 0;
  let finished = false;
  const inflater = new Unzlib((chunk, final) => {
    produced += chunk.length;
    if (produced > expected)
      throw bad(`its pixel data inflates to more than the ${expected} bytes its header implies`);
    if (final) finished = true;
  });
  try {
    for (const [index, chunk] of idat.entries()) {
      for (let at = 0; at < chunk.length; at += inflateStep) {
        inflater.push(
          chunk.subarray(at, at + inflateStep),
          index === idat.length - 1 && at + inflateStep >= chunk.length,
        );
      }
      if (chunk.length === 0 && index === idat.length - 1) inflater.push(new Uint8Array(0), true);
    }
  } catch (error) {
    if (error instanceof CorruptImageError) throw error;
    throw bad(`its pixel data does not inflate (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!finished || produced !== expected)
    throw bad(`its pixel data inflates to ${produced} bytes; its header implies ${expected}`);
}
