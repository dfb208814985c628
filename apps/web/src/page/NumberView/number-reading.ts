/**
 * A number as the Number view shows it: the model's reading, with the digits the user fixed,
 * and where each digit's box sits over the picture as displayed.
 */
import type { NumberAnswer } from '@cifra/digits';
import type { StoredNumber, StoredNumberDigit } from '../../shared/db.ts';
import type { ReadResult } from '../../shared/inference-protocol.ts';

/** What was read, as the page shows it: the pad's pixels, or the photo's object URL. */
export type Picture = { kind: 'pixels'; image: ImageData } | { kind: 'file'; url: string };

/** A read as the Number view keeps it: the worker's answer, its history entry, the picture. */
export interface NumberOutcome {
  read: ReadResult;
  entry: StoredNumber;
  picture: Picture;
}

/** One digit as shown. */
export interface ShownDigit {
  digit: number;
  probability: number;
  box: { x: number; y: number; width: number; height: number };
  /** The model was unsure and the user has not checked it. */
  lowConfidence: boolean;
  /** The user chose this digit (replacing the model's). */
  fixed: boolean;
}

export interface ShownNumber {
  number: string;
  digits: ShownDigit[];
  /** Digit groups, when wide gaps split the number ("12 345"). */
  groups?: string[];
}

export function fromAnswer(answer: NumberAnswer): ShownNumber {
  return {
    number: answer.number,
    digits: answer.digits.map((digit) => ({ ...digit, box: { ...digit.box }, fixed: false })),
    ...(answer.groups ? { groups: [...answer.groups] } : {}),
  };
}

/**
 * The number with the digit at `index` replaced by the user's choice: marked fixed, no longer
 * flagged (the user has looked at it), the groups keeping their lengths.
 */
export function fixDigit(shown: ShownNumber, index: number, digit: number): ShownNumber {
  if (!Number.isInteger(digit) || digit < 0 || digit > 9) throw new RangeError(`${digit} is not a digit`);
  if (!shown.digits[index]) throw new RangeError(`no digit at ${index}`);
  const digits = shown.digits.map((item, at) =>
    at === index ? { ...item, digit, lowConfidence: false, fixed: true } : item,
  );
  const number = digits.map((item) => item.digit).join('');
  const fixed: ShownNumber = { number, digits };
  if (shown.groups) {
    let start = 0;
    fixed.groups = shown.groups.map((group) => {
      start += group.length;
      return number.slice(start - group.length, start);
    });
  }
  return fixed;
}

/** The number as written for people: its groups apart ("12 345"), else its digits. */
export function displayNumber(shown: ShownNumber): string {
  return shown.groups ? shown.groups.join(' ') : shown.number;
}

/**
 * A digit's box over the picture, in percent of the picture's size, so that it stays on the
 * digit at whatever size the picture is displayed. Clamped to the picture.
 */
export function boxPosition(
  box: ShownDigit['box'],
  picture: { width: number; height: number },
): { left: string; top: string; width: string; height: string } {
  const percent = (value: number, total: number) =>
    `${(Math.min(Math.max(value / total, 0), 1) * 100).toFixed(3)}%`;
  const left = Math.max(0, box.x);
  const top = Math.max(0, box.y);
  return {
    left: percent(left, picture.width),
    top: percent(top, picture.height),
    width: percent(Math.min(box.x + box.width, picture.width) - left, picture.width),
    height: percent(Math.min(box.y + box.height, picture.height) - top, picture.height),
  };
}

/** The history entry's digits after the user's fixes (hashes kept from the read). */
export function storedDigits(shown: ShownNumber, hashes: string[]): StoredNumberDigit[] {
  return shown.digits.map((digit, index) => ({
    digit: digit.digit,
    probability: digit.probability,
    lowConfidence: digit.lowConfidence,
    fixed: digit.fixed,
    inputHash: hashes[index] ?? '',
  }));
}
