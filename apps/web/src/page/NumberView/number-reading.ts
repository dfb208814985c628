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
  /** The user chose this digit (replacing the model's), or made it by splitting one in two. */
  fixed: boolean;
  /** The hash of the model input the digit was read from ('' when unknown): both halves of a
   * split digit keep it, since that input's answer is what the results store holds. */
  inputHash: string;
}

export interface ShownNumber {
  number: string;
  digits: ShownDigit[];
  /** Digit groups, when wide gaps split the number ("12 345"). */
  groups?: string[];
}

/** The worker's answer as shown; `hashes` are its digits' input hashes, in order. */
export function fromAnswer(answer: NumberAnswer, hashes: readonly string[] = []): ShownNumber {
  return {
    number: answer.number,
    digits: answer.digits.map((digit, index) => ({
      ...digit,
      box: { ...digit.box },
      fixed: false,
      inputHash: hashes[index] ?? '',
    })),
    ...(answer.groups ? { groups: [...answer.groups] } : {}),
  };
}

/**
 * The number with the digit at `index` replaced by the user's choice: marked fixed, no longer
 * flagged (the user has looked at it), the groups keeping their lengths.
 */
export function fixDigit(shown: ShownNumber, index: number, digit: number): ShownNumber {
  if (!Number.isInteger(digit) || digit < 0 || digit > 9) throw new RangeError(`${digit} is not a digit`);
  digitAt(shown, index);
  const digits = shown.digits.map((item, at) =>
    at === index ? { ...item, digit, lowConfidence: false, fixed: true } : item,
  );
  return withDigits(shown, digits, index, 0);
}

/**
 * The number with the digit at `index` made two, for when the reader took two touching digits
 * for one ("11" read as 1): both halves keep its digit (the user then picks each), each takes
 * half of its box side by side, both are marked fixed, and its group grows by one.
 */
export function splitDigit(shown: ShownNumber, index: number): ShownNumber {
  const { box, ...rest } = digitAt(shown, index);
  const leftWidth = Math.ceil(box.width / 2);
  const left: ShownDigit = { ...rest, fixed: true, box: { ...box, width: leftWidth } };
  const right: ShownDigit = {
    ...rest,
    fixed: true,
    box: { ...box, x: box.x + leftWidth, width: box.width - leftWidth },
  };
  const digits = [...shown.digits.slice(0, index), left, right, ...shown.digits.slice(index + 1)];
  return withDigits(shown, digits, index, 1);
}

/**
 * The number without the digit at `index`, for a mark read as a digit that is none (a speck, a
 * stray stroke, one digit read as two); its group shrinks, an emptied one goes. A number keeps
 * at least one digit: removing its last throws RangeError.
 */
export function removeDigit(shown: ShownNumber, index: number): ShownNumber {
  digitAt(shown, index);
  if (shown.digits.length === 1) throw new RangeError('a number keeps at least one digit');
  return withDigits(
    shown,
    shown.digits.filter((_, at) => at !== index),
    index,
    -1,
  );
}

function digitAt(shown: ShownNumber, index: number): ShownDigit {
  const digit = shown.digits[index];
  if (!digit) throw new RangeError(`no digit at ${index}`);
  return digit;
}

/**
 * The number of `digits`, made from `shown` by a change at `index` that added `change` digits
 * there: the group holding that digit gets that many more, and groups are kept only while there
 * are two or more.
 */
function withDigits(shown: ShownNumber, digits: ShownDigit[], index: number, change: number): ShownNumber {
  const number = digits.map((item) => item.digit).join('');
  const next: ShownNumber = { number, digits };
  if (!shown.groups) return next;
  let end = 0;
  const lengths = shown.groups
    .map((group) => {
      const start = end;
      end += group.length;
      return index >= start && index < end ? group.length + change : group.length;
    })
    .filter((length) => length > 0);
  if (lengths.length < 2) return next;
  let start = 0;
  next.groups = lengths.map((length) => {
    start += length;
    return number.slice(start - length, start);
  });
  return next;
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

/** The history entry's digits after the user's fixes, each with its input's hash. */
export function storedDigits(shown: ShownNumber): StoredNumberDigit[] {
  return shown.digits.map((digit) => ({
    digit: digit.digit,
    probability: digit.probability,
    lowConfidence: digit.lowConfidence,
    fixed: digit.fixed,
    inputHash: digit.inputHash,
  }));
}
