import type { NumberAnswer } from '@cifra/digits';
import { describe, expect, it } from 'vitest';
import {
  boxPosition,
  displayNumber,
  fixDigit,
  fromAnswer,
  removeDigit,
  splitDigit,
  storedDigits,
} from './number-reading.ts';

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
const hashes = ['h1', 'h2', 'h3', 'h4', 'h5'];

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
    const fixed = fixDigit(fromAnswer(answer, hashes), 2, 8);
    expect(storedDigits(fixed)[2]).toEqual({
      digit: 8,
      probability: 0.55,
      lowConfidence: false,
      fixed: true,
      inputHash: 'h3',
    });
  });
});

describe('splitting a digit in two, or removing one (the reader got the count wrong)', () => {
  it('a split digit becomes two of the same digit, each half of its box side by side, both fixed, in its group', () => {
    const split = splitDigit(fromAnswer(answer, hashes), 1);
    expect(split.number).toBe('122345');
    expect(split.groups).toEqual(['122', '345']);
    expect(split.digits.map((digit) => digit.box)).toEqual([
      box(0),
      { x: 50, y: 10, width: 20, height: 60 },
      { x: 70, y: 10, width: 20, height: 60 },
      box(180),
      box(230),
      box(280),
    ]);
    expect(split.digits.map((digit) => digit.fixed)).toEqual([false, true, true, false, false, false]);
    // Both halves were read from the one input: its answer is what the results store keeps.
    expect(storedDigits(split).map((digit) => digit.inputHash)).toEqual(['h1', 'h2', 'h2', 'h3', 'h4', 'h5']);
  });

  it('then each half is fixed on its own: "11" read as 1 becomes 11, "16" read as 6 becomes 16', () => {
    const split = splitDigit(fromAnswer(answer), 4);
    expect(fixDigit(split, 4, 1).number).toBe('123415');
    expect(fixDigit(split, 5, 9).groups).toEqual(['12', '3459']);
  });

  it('an odd-width box is shared without a pixel lost or counted twice', () => {
    const odd = { ...answer, digits: [{ ...answer.digits[0]!, box: { x: 3, y: 0, width: 41, height: 50 } }] };
    const { groups: _groups, ...single } = { ...odd, number: '1' };
    const [left, right] = splitDigit(fromAnswer(single), 0).digits;
    expect(left?.box).toEqual({ x: 3, y: 0, width: 21, height: 50 });
    expect(right?.box).toEqual({ x: 24, y: 0, width: 20, height: 50 });
  });

  it('a removed digit leaves the number and its group; an emptied group goes, and one group left is no groups', () => {
    const shown = fromAnswer(answer, hashes);
    const without = removeDigit(shown, 3);
    expect(without.number).toBe('1235');
    expect(without.groups).toEqual(['12', '35']);
    expect(storedDigits(without).map((digit) => digit.inputHash)).toEqual(['h1', 'h2', 'h3', 'h5']);
    const firstGroupGone = removeDigit(removeDigit(shown, 0), 0);
    expect(firstGroupGone.number).toBe('345');
    expect(firstGroupGone.groups).toBeUndefined();
    expect(displayNumber(firstGroupGone)).toBe('345');
  });

  it('a number keeps at least one digit, and a position it lacks is refused; the reading given stays unchanged', () => {
    const { groups: _groups, ...rest } = answer;
    const one = fromAnswer({ ...rest, number: '1', digits: answer.digits.slice(0, 1) });
    expect(() => removeDigit(one, 0)).toThrow(RangeError);
    const shown = fromAnswer(answer);
    expect(() => removeDigit(shown, 5)).toThrow(RangeError);
    expect(() => splitDigit(shown, -1)).toThrow(RangeError);
    splitDigit(shown, 2);
    removeDigit(shown, 2);
    expect(shown.number).toBe('12345');
    expect(shown.digits).toHaveLength(5);
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
