import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  CorruptImageError,
  crc32,
  decodeImage,
  ImageTooLargeError,
  readDimensions,
  sniffFormat,
  UnsupportedImageError,
} from './index.ts';

function png(width: number, height: number, shade = 0): Uint8Array {
  const image = new PNG({ width, height });
  image.data.fill(shade);
  return new Uint8Array(PNG.sync.write(image));
}

/** A PNG whose header (its CRC fixed up) claims a size its (tiny) body does not have. */
function lyingPng(width: number, height: number): Uint8Array {
  const bytes = png(1, 1);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  view.setUint32(29, crc32(bytes.subarray(12, 29)));
  return bytes;
}

describe('decodeImage', () => {
  it('decodes PNG and JPEG to RGBA', () => {
    const fromPng = decodeImage(png(3, 2, 200));
    expect(fromPng).toMatchObject({ format: 'png', width: 3, height: 2, channels: 4 });
    expect(fromPng.data[0]).toBe(200);
    const raw = { width: 4, height: 4, data: new Uint8Array(64).fill(255) };
    const fromJpeg = decodeImage(new Uint8Array(jpeg.encode(raw, 90).data));
    expect(fromJpeg).toMatchObject({ format: 'jpeg', width: 4, height: 4 });
  });

  it("decodes a JPEG with data after EOI (a phone's motion-photo video) as the JPEG alone", () => {
    const data = new Uint8Array(16 * 16 * 4).map((_, index) => (index % 4 === 3 ? 255 : (index * 7) % 256));
    const photo = new Uint8Array(jpeg.encode({ width: 16, height: 16, data }, 90).data);
    const video = new TextEncoder().encode('\0\0\0\x18ftypmp42 a motion photo follows the picture');
    const withTrailer = new Uint8Array([...photo, ...video]);
    expect(decodeImage(withTrailer).data).toEqual(decodeImage(photo).data);
  });

  it('brings 16-bit grey and grey+alpha PNGs to 8-bit grey and RGBA', () => {
    const grey16 = encodePng({
      width: 2,
      height: 1,
      depth: 16,
      channels: 1,
      data: new Uint16Array([0, 65535]),
    });
    expect(decodeImage(grey16)).toMatchObject({ channels: 1, data: new Uint8Array([0, 255]) });
    const greyAlpha = encodePng({
      width: 1,
      height: 1,
      depth: 8,
      channels: 2,
      data: new Uint8Array([100, 50]),
    });
    expect(decodeImage(greyAlpha)).toMatchObject({ channels: 4, data: new Uint8Array([100, 100, 100, 50]) });
  });

  it('decides the type by magic bytes: text is unsupported whatever it is called', () => {
    expect(() => decodeImage(new TextEncoder().encode('not an image'))).toThrow(UnsupportedImageError);
    expect(sniffFormat(new TextEncoder().encode('RIFF....WEBPVP8 '))).toBe('webp');
  });

  it('refuses a header claiming 30000x30000 before decoding anything', () => {
    const bytes = lyingPng(30_000, 30_000);
    expect(bytes.length).toBeLessThan(200);
    expect(readDimensions(bytes, 'png')).toEqual({ width: 30_000, height: 30_000 });
    expect(() => decodeImage(bytes)).toThrow(ImageTooLargeError);
    expect(() => decodeImage(lyingPng(4000, 4001))).toThrow(/16 megapixels/);
  });

  it('reports a damaged file as corrupt', () => {
    const bytes = png(8, 8);
    expect(() => decodeImage(bytes.subarray(0, 40))).toThrow(CorruptImageError);
  });
});
