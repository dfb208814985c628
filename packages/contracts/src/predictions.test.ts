import { describe, expect, it } from 'vitest';
import { readResponseSchema, type ReadResponse } from './index.ts';

const answer: ReadResponse = {
  number: '407',
  digits: [
    { digit: 4, probability: 0.99, box: { x: 57, y: 51, width: 42, height: 60 }, lowConfidence: false },
    { digit: 0, probability: 0.71, box: { x: 144, y: 51, width: 42, height: 60 }, lowConfidence: true },
    { digit: 7, probability: 1, box: { x: 216, y: 60, width: 48, height: 60 }, lowConfidence: false },
  ],
  groups: ['4', '07'],
  backend: 'wasm',
  modelVersion: '9309147aea8e',
  ms: 12,
};

describe('readResponseSchema', () => {
  it('accepts a reading with its digits, boxes and groups, and one without groups or backend', () => {
    expect(readResponseSchema.parse(answer)).toEqual(answer);
    const { groups: _groups, backend: _backend, ...plain } = answer;
    expect(readResponseSchema.safeParse(plain).success).toBe(true);
  });

  it('refuses a number that is not its digits in order, and groups that do not make it up', () => {
    expect(readResponseSchema.safeParse({ ...answer, number: '470' }).success).toBe(false);
    expect(readResponseSchema.safeParse({ ...answer, number: '40' }).success).toBe(false);
    expect(readResponseSchema.safeParse({ ...answer, groups: ['40', '7', '1'] }).success).toBe(false);
  });

  it('refuses boxes off the pixel grid (negative or fractional), digits out of 0-9, and no digits at all', () => {
    const [first, ...rest] = answer.digits;
    if (!first) throw new Error('the sample has digits');
    const withFirst = (changed: Record<string, unknown>) => ({
      ...answer,
      digits: [{ ...first, ...changed }, ...rest],
    });
    expect(readResponseSchema.safeParse(withFirst({ box: { ...first.box, x: -1 } })).success).toBe(false);
    expect(readResponseSchema.safeParse(withFirst({ box: { ...first.box, width: 4.5 } })).success).toBe(
      false,
    );
    expect(readResponseSchema.safeParse({ ...withFirst({ digit: 10 }), number: '1007' }).success).toBe(false);
    expect(readResponseSchema.safeParse(withFirst({ probability: 1.2 })).success).toBe(false);
    expect(
      readResponseSchema.safeParse({ ...answer, number: '', digits: [], groups: undefined }).success,
    ).toBe(false);
  });
});
