/**
 * What number segmentation shows the model (issue #12): numbers of MNIST *training* digits
 * (number-set.ts, separated and touching) segmented by `planNumber` exactly as reading does.
 * Each candidate part that matches a written digit (box IoU ≥ 0.8) is a sample of that digit;
 * each that matches none (IoU < 0.45: a fragment, a cut through the wrong valley) or holds most
 * of two (a touching pair merged) is a sample of "not a digit". Parts in between are ambiguous
 * and left out.
 */
import {
  chooseReading,
  createRandom,
  DigitsError,
  planNumber,
  readingAs,
  type Box,
  type DigitScores,
  type NumberPlan,
} from '@cifra/digits';
import type { MnistSplit } from './mnist.ts';
import { NUMBER_KINDS, renderNumber } from './number-set.ts';
import { NOT_A_DIGIT } from './train-loop.ts';

/** A part at least this close to a written digit's box is that digit. */
const DIGIT_IOU = 0.8;
/** A part no closer than this to every written digit is not a digit. */
const NONE_IOU = 0.45;

/** A part holding at least this share of two written digits' boxes is those two merged. */
const MERGE_COVER = 0.6;

/** The area two boxes share. */
function sharedArea(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return Math.max(0, w) * Math.max(0, h);
}

/** Box overlap: intersection over union. */
function boxIou(a: Box, b: Box): number {
  const shared = sharedArea(a, b);
  return shared / (a.width * a.height + b.width * b.height - shared);
}

/** The share of `digit`'s box that `part`'s box covers. */
function boxCover(part: Box, digit: Box): number {
  return sharedArea(part, digit) / (digit.width * digit.height);
}

export interface NumberParts {
  /** 784-byte model inputs, as `planNumber` made them. */
  inputs: Uint8Array[];
  /** The digit, or {@link NOT_A_DIGIT}. */
  labels: number[];
  digits: number;
  outliers: number;
}

/**
 * Segments `count` generated numbers of `train`'s digits (alternately separated and touching)
 * and labels their parts. `outliersPerNumber` caps the not-a-digit parts kept per number (a
 * touching number has dozens), drawn at random.
 */
export function numberParts(
  train: MnistSplit,
  count: number,
  seed: number,
  outliersPerNumber = Number.POSITIVE_INFINITY,
): NumberParts {
  const random = createRandom(seed);
  const parts: NumberParts = { inputs: [], labels: [], digits: 0, outliers: 0 };
  for (let k = 0; k < count; k++) {
    const picture = renderNumber(train, random, {
      kind: NUMBER_KINDS[k % NUMBER_KINDS.length] ?? 'touching',
    });
    let plan: NumberPlan;
    try {
      plan = planNumber(picture.image);
    } catch (error) {
      // A number the reader refuses (too many candidate cuts) teaches nothing: skipped.
      if (error instanceof DigitsError) continue;
      throw error;
    }
    let outliersHere = 0;
    const order = plan.parts.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      // Fisher–Yates: every order equally likely.
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const index of order) {
      const part = plan.parts[index] as (typeof plan.parts)[number];
      let best = 0;
      let label = -1;
      let covered = 0;
      picture.boxes.forEach((box, i) => {
        const overlap = boxIou(part.box, box);
        if (overlap > best) [best, label] = [overlap, Number(picture.digits[i])];
        if (boxCover(part.box, box) >= MERGE_COVER) covered++;
      });
      // Two digits in one part (a merged touching pair) overlap each of them by about half:
      // between the IoU bounds, so they are told by how much of each they hold.
      if (covered >= 2) best = 0;
      const input = plan.inputs[index] as Uint8Array;
      if (best >= DIGIT_IOU) {
        parts.inputs.push(input);
        parts.labels.push(label);
        parts.digits++;
      } else if (best < NONE_IOU && outliersHere++ < outliersPerNumber) {
        parts.inputs.push(input);
        parts.labels.push(NOT_A_DIGIT);
        parts.outliers++;
      }
    }
  }
  return parts;
}

/**
 * Whether the plan's candidates hold every written digit as a part of its own (box IoU ≥ 0.8
 * with the digit's box, as {@link numberParts} labels digits), in order, along one path across
 * every glyph: the segmentation made the right parts and only the choice among them is left.
 * Stricter than `readingAs`, which finds some path of the right length however poor its parts.
 */
export function hasWrittenParts(plan: NumberPlan, boxes: readonly Box[]): boolean {
  const match = plan.parts.map((part) => boxes.findIndex((box) => boxIou(part.box, box) >= DIGIT_IOU));
  // How many written digits some path has matched so far, at the start of each glyph.
  let reached = new Set([0]);
  for (const glyph of plan.glyphs) {
    const at = Array.from({ length: glyph.points }, () => new Set<number>());
    at[0] = reached;
    // Segments run left to right (from < to): taken by their start, each sees every path to it.
    for (const segment of [...glyph.segments].sort((a, b) => a.from - b.from))
      for (const digits of at[segment.from] as Set<number>)
        if (match[segment.input] === digits) (at[segment.to] as Set<number>).add(digits + 1);
    reached = at[glyph.points - 1] as Set<number>;
  }
  return reached.has(boxes.length);
}

/** A number of training digits as written, and its segmentation. */
export interface PlannedNumber {
  digits: string;
  plan: NumberPlan;
}

/** `count` numbers of `train`'s digits (alternately separated and touching), segmented. */
export function plannedNumbers(train: MnistSplit, count: number, seed: number): PlannedNumber[] {
  const random = createRandom(seed);
  const planned: PlannedNumber[] = [];
  for (let k = 0; k < count; k++) {
    const picture = renderNumber(train, random, {
      kind: NUMBER_KINDS[k % NUMBER_KINDS.length] ?? 'touching',
    });
    try {
      planned.push({ digits: picture.digits, plan: planNumber(picture.image) });
    } catch (error) {
      // A number the reader refuses (too many candidate cuts) teaches nothing: skipped.
      if (!(error instanceof DigitsError)) throw error;
    }
  }
  return planned;
}

/**
 * What a misread number teaches (hard examples): the parts of the cheapest path that reads the
 * written number are samples of their digits, and the parts of the wrong reading off that path
 * are samples of "not a digit". What box overlap cannot say (a right cut carrying a sliver of
 * its neighbour, a merged pair that looks whole), the reading's own mistakes do. Nothing when
 * the number is read right, or cannot be read right from these parts.
 */
export function misreadLabels(
  { digits, plan }: PlannedNumber,
  scores: readonly DigitScores[],
): { input: number; label: number }[] {
  const reading = chooseReading(plan, scores);
  if (reading.number === digits) return [];
  const truth = readingAs(plan, scores, digits);
  if (!truth) return [];
  const labels = truth.map((input, i) => ({ input, label: Number(digits[i]) }));
  const onTruth = new Set(truth);
  for (const digit of reading.digits) {
    const input = plan.inputs.indexOf(digit.pixels);
    if (input >= 0 && !onTruth.has(input)) labels.push({ input, label: NOT_A_DIGIT });
  }
  return labels;
}
