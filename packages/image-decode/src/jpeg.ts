import { CorruptImageError, ImageTooLargeError, UnsupportedImageError } from './errors.ts';

/** Most scans a JPEG may have (a progressive one has about 10); each scan revisits every block. */
export const maxJpegScans = 64;

/** A JPEG's one frame, every segment checked before any decoding. */
export interface JpegLayout {
  width: number;
  height: number;
  progressive: boolean;
  components: { h: number; v: number }[];
  scans: number;
  /** Bytes up to and including EOI: all the decoder gets. */
  length: number;
}

const u16 = (bytes: Uint8Array, at: number) => ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);

/**
 * Walks every marker of a JPEG: exactly one baseline, extended or progressive 8-bit frame
 * (jpeg-js decodes no other kind) of 1, 3 or 4 components with sane sampling factors, its
 * height in the frame header (no DNL), at most {@link maxJpegScans} scans, all before EOI;
 * what follows EOI is ignored.
 */
export function readJpegLayout(bytes: Uint8Array): JpegLayout {
  const bad = (why: string) => new CorruptImageError(`The JPEG file is damaged: ${why}.`);
  let at = 2;
  let frame: Omit<JpegLayout, 'scans' | 'length'> | undefined;
  let scans = 0;
  for (;;) {
    if (at + 2 > bytes.length) throw bad('it ends before its EOI marker');
    if (bytes[at] !== 0xff) throw bad(`no marker at byte ${at}`);
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xff) {
      at++;
      continue;
    }
    at += 2;
    if (marker === 0xd9) break;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x00)
      throw bad(`a stray marker 0xff${marker.toString(16)} at byte ${at - 2}`);
    if (marker === 0x01) continue;
    if (at + 2 > bytes.length) throw bad('a segment is truncated');
    const length = u16(bytes, at);
    if (length < 2 || at + length > bytes.length)
      throw bad(`the segment 0xff${marker.toString(16)} runs past the end`);
    const segment = bytes.subarray(at + 2, at + length);
    at += length;

    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (frame) throw bad('it has more than one frame header');
      if (marker !== 0xc0 && marker !== 0xc1 && marker !== 0xc2)
        throw new UnsupportedImageError(
          'Lossless, hierarchical and arithmetic-coded JPEGs are not supported: send a baseline or progressive JPEG.',
        );
      if (segment[0] !== 8)
        throw new UnsupportedImageError(`${segment[0]}-bit JPEGs are not supported: send 8-bit.`);
      const height = u16(segment, 1);
      const width = u16(segment, 3);
      const count = segment[5] ?? 0;
      if (height === 0) throw bad('its height is left to a DNL marker');
      if (width === 0) throw bad('its width is 0');
      if (count !== 1 && count !== 3 && count !== 4) throw bad(`it has ${count} colour components`);
      if (segment.length !== 6 + 3 * count) throw bad('its frame header has the wrong length');
      const components = Array.from({ length: count }, (_, index) => {
        const sampling = segment[7 + 3 * index] ?? 0;
        const table = segment[8 + 3 * index] ?? 0;
        const h = sampling >> 4;
        const v = sampling & 15;
        if (h < 1 || h > 4 || v < 1 || v > 4 || table > 3)
          throw bad('a component has invalid sampling or tables');
        return { h, v };
      });
      frame = { width, height, progressive: marker === 0xc2, components };
    } else if (marker === 0xdc) {
      throw bad('it has a DNL marker');
    } else if (marker === 0xda) {
      if (!frame) throw bad('a scan comes before the frame header');
      scans++;
      if (scans > maxJpegScans)
        throw new ImageTooLargeError(
          `The JPEG has more than ${maxJpegScans} scans; decoding it would take too long.`,
        );
      // Entropy-coded data runs to the next marker that is not a stuffed 0xff00 or a restart.
      while (at < bytes.length) {
        if (bytes[at] === 0xff) {
          const next = bytes[at + 1];
          if (next === 0x00 || (next !== undefined && next >= 0xd0 && next <= 0xd7)) {
            at += 2;
            continue;
          }
          if (next === 0xff) {
            at++;
            continue;
          }
          break;
        }
        at++;
      }
    }
  }
  if (!frame) throw bad('it has no frame header');
  if (scans === 0) throw bad('it has no scan');
  // Bytes after EOI are left unread (and never reach the decoder's scans): phones append
  // motion-photo videos and maker trailers there, and refusing them would refuse real photos.
  return { ...frame, scans, length: at };
}

/** Bytes jpeg-js allocates for a frame: Int32 coefficients per block, 8-bit planes, the interleaved output. */
export function jpegDecodeBytes(layout: JpegLayout): number {
  const maxH = Math.max(...layout.components.map((c) => c.h));
  const maxV = Math.max(...layout.components.map((c) => c.v));
  const mcusPerLine = Math.ceil(layout.width / 8 / maxH);
  const mcusPerColumn = Math.ceil(layout.height / 8 / maxV);
  let total = 0;
  for (const { h, v } of layout.components) {
    total += mcusPerLine * h * mcusPerColumn * v * 256; // Int32Array(64) per block
    total +=
      Math.ceil(Math.ceil(layout.width / 8) * (h / maxH)) *
      8 *
      Math.ceil(Math.ceil(layout.height / 8) * (v / maxV)) *
      8;
  }
  return total + layout.width * layout.height * layout.components.length;
}
