import type { NumberAnswer } from '@cifra/digits';
import { describe, expect, it } from 'vitest';
import { boxPosition, displayNumber, fixDigit, fromAnswer, storedDigits } from './number-reading.ts';

const box = (x: number) => ({ x, y: 10, width: 40, height: 60 });

/** "12 345" as the model read it: the 3 unsure. */
const answer: NumberAnswer = {
  number: '12345',
  digits: [1, 2, 3, 4, 5].map((digit, index) => ({
    digit,
    probability: digit === 3 ? 0.55 : 0.99,
    box: box(index * 50 + (index >= 2 ? 80 : 0)),
    lowConfidence: digit === 3,
  })),
  groups: ['12', '345'],
};

describe('fixing a digit of a number read', () => {
  it('replaces that digit in the number and marks it fixed, no longer flagged; the others stay as read', () => {
    const fixed = fixDigit(fromAnswer(answer), 2, 8);
    expect(fixed.number).toBe('12845');
    expect(fixed.digits[2]).toMatchObject({ digit: 8, fixed: true, lowConfidence: false, probability: 0.55 });
    for (const index of [0, 1, 3, 4]) expect(fixed.digits[index]?.fixed).toBe(false);
    expect(fixed.digits.map((digit) => digit.digit)).toEqual([1, 2, 8, 4, 5]);
  });

  it('keeps the groups as they were split, with the new digit in its group', () => {
    const fixed = fixDigit(fromAnswer(answer), 1, 7);
    expect(fixed.groups).toEqual(['17', '345']);
    expect(displayNumber(fixed)).toBe('17 345');
  });

  it('a number without groups stays without them', () => {
    const { groups: _groups, ...single } = answer;
    const fixed = fixDigit(fromAnswer(single), 0, 9);
    expect(fixed.groups).toBeUndefined();
    expect(displayNumber(fixed)).toBe('92345');
  });

  it('leaves the reading it was given unchanged (state is replaced, not mutated)', () => {
    const shown = fromAnswer(answer);
    fixDigit(shown, 2, 8);
    expect(shown.number).toBe('12345');
    expect(shown.digits[2]).toMatchObject({ digit: 3, fixed: false, lowConfidence: true });
  });

  it('refuses what is not a digit, or a position the number does not have', () => {
    const shown = fromAnswer(answer);
    expect(() => fixDigit(shown, 0, 10)).toThrow(RangeError);
    expect(() => fixDigit(shown, 0, 1.5)).toThrow(RangeError);
    expect(() => fixDigit(shown, 5, 1)).toThrow(RangeError);
  });

  it('the history entry keeps each digit’s input hash, and which ones the user fixed', () => {
    const fixed = fixDigit(fromAnswer(answer), 2, 8);
    expect(storedDigits(fixed, ['h1', 'h2', 'h3', 'h4', 'h5'])[2]).toEqual({
      digit: 8,
      probability: 0.55,
      lowConfidence: false,
      fixed: true,
      inputHash: 'h3',
    });
  });
});

describe('a digit’s box over the picture as displayed', () => {
  it('is placed in percent of the picture, so it follows the digit at any displayed size', () => {
    expect(boxPosition({ x: 245, y: 70, width: 98, height: 140 }, { width: 980, height: 280 })).toEqual({
      left: '25.000%',
      top: '25.000%',
      width: '10.000%',
      height: '50.000%',
    });
  });

  it('maps a photo’s box the same way, whatever its pixel size', () => {
    const position = boxPosition({ x: 1000, y: 750, width: 400, height: 300 }, { width: 4000, height: 3000 });
    expect(position).toEqual({ left: '25.000%', top: '25.000%', width: '10.000%', height: '10.000%' });
  });

  it('is clamped to the picture when a box reaches past its edge', () => {
    expect(boxPosition({ x: -10, y: 250, width: 60, height: 60 }, { width: 980, height: 280 })).toEqual({
      left: '0.000%',
      top: '89.286%',
      width: '5.102%',
      height: '10.714%',
    });
  });
});
