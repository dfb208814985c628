import { describe, expect, it } from 'vitest';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { DecodeError, decodeImage, sniffFormat } from './decode.ts';
import { encodeGif } from './encode.ts';

function checker(w: number, h: number): Uint8Array {
  const data = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) data.set(i % 2 ? [255, 255, 255, 255] : [0, 0, 0, 255], i * 4);
  return data;
}

describe('decodeImage', () => {
  it('decodes PNG, JPEG and GIF to RGBA of the right size', () => {
    const png = new PNG({ width: 5, height: 3 });
    png.data = Buffer.from(checker(5, 3));
    const fromPng = decodeImage(PNG.sync.write(png));
    expect([fromPng.width, fromPng.height, fromPng.data.length]).toEqual([5, 3, 60]);
    expect(Array.from(fromPng.data.subarray(0, 8))).toEqual([0, 0, 0, 255, 255, 255, 255, 255]);
    const fromJpeg = decodeImage(jpeg.encode({ data: checker(16, 8), width: 16, height: 8 }, 90).data);
    expect([fromJpeg.width, fromJpeg.height, fromJpeg.data.length]).toEqual([16, 8, 512]);
    const grey = new Uint8Array(5 * 3).map((_, i) => (i % 2 ? 255 : 0));
    const fromGif = decodeImage(encodeGif(grey, 5, 3));
    expect([fromGif.width, fromGif.height]).toEqual([5, 3]);
    expect(Array.from(fromGif.data.subarray(0, 8))).toEqual([0, 0, 0, 255, 255, 255, 255, 255]);
  });

  it('sniffs by content, not by name', () => {
    expect(sniffFormat(new TextEncoder().encode('hello'))).toBeNull();
    expect(sniffFormat(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
  });

  it('fails clearly on text, truncated files and WebP', () => {
    expect(() => decodeImage(new TextEncoder().encode('just text'))).toThrow(/not a PNG, JPEG or GIF/);
    const png = new PNG({ width: 4, height: 4 });
    png.data = Buffer.from(checker(4, 4));
    expect(() => decodeImage(PNG.sync.write(png).subarray(0, 30))).toThrow(DecodeError);
    expect(() => decodeImage(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toThrow(/WebP/);
  });
});
