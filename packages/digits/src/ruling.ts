/**
 * Notebook ruling (issue #16): the rules of squared and lined paper, and a margin line, found
 * and taken out of an oriented ink map (ink high, paper 0, in grey levels) before the ink is
 * normalised and cropped. Left in, they are the largest "ink" component and the crop frames
 * the page instead of the digit.
 *
 * A rule runs across the whole picture, so in its row (or column) even the lower quartile of
 * the values is rule: a digit covers far less than three quarters of any row. That quartile is
 * the rule's strength along that line, and subtracting it takes the rule out while a pen stroke
 * on it keeps what it has above it: a stroke crossing a rule stays connected, and a 1 or 7
 * lying along one survives, because pens are darker than rules. A line counts only when it is
 * thin, runs off the picture at both ends and is clearly lighter than the pen, so plain
 * pictures and drawings come out exactly as before (the golden test holds that), and a lone
 * margin line is taken out too.
 */
import { selectKth, selectionScratch } from './select.ts';

/** The quantile of a row's (column's) values taken as the rule's strength there. */
const RULE_QUANTILE = 0.25;
/** A line is part of a rule when its rule strength reaches this many grey levels: above paper
 * grain and JPEG noise, below the faintest rule the photos have. */
const MIN_RULE_LEVEL = 10;
/** Rules are drawn thin: a band of lines wider than this (at the working size) is no rule. */
const MAX_RULE_WIDTH = 8;
/** A rule's strongest line reaches this. Fainter rules need no removing: the ink floor (15 %
 * of the pen) takes them out anyway. */
const RULE_ANCHOR_LEVEL = 18;
/** What is subtracted is the rule's lower quartile times this: most of a rule's pixels (paper
 * grain, JPEG) lie above its lower quartile, and a pen stroke on a rule is far stronger. */
const RULE_SLACK = 1.5;
/** Rules are lighter than the pen: a band whose strength reaches this share of the pen's is a
 * stroke (a long 1 in a tightly cropped photo), and is left alone. */
const MAX_RULE_SHARE_OF_PEN = 0.75;

/** What to subtract from each row and each column (0 where there is no rule). */
export interface Ruling {
  rows: Float32Array;
  columns: Float32Array;
}

/**
 * Rule strength of every row and column (0 for a line that cannot be a rule). Only a line with
 * at least three quarters of its values at MIN_RULE_LEVEL or more can be one: one pass counts
 * those for all rows and columns at once, and only such lines get their quantile selected, so
 * a plain picture costs one pass.
 */
function lineLevels(ink: Float32Array, width: number, height: number): Ruling {
  // Counted on every second value of each line: a pre-selection, the levels are exact.
  const rowCounts = new Int32Array(height);
  const columnCounts = new Int32Array(width);
  for (let y = 0; y < height; y++) {
    let count = 0;
    const odd = y & 1;
    for (let x = odd, i = y * width + odd; x < width; x += 2, i += 2) {
      if ((ink[i] as number) >= MIN_RULE_LEVEL) count++;
    }
    rowCounts[y] = count;
  }
  for (let y = 0; y < height; y += 2) {
    for (let x = 0, i = y * width; x < width; x++, i++) {
      if ((ink[i] as number) >= MIN_RULE_LEVEL) columnCounts[x] = (columnCounts[x] as number) + 1;
    }
  }
  const rows = new Float32Array(height);
  const columns = new Float32Array(width);
  const rowK = Math.floor((width - 1) * RULE_QUANTILE);
  const columnK = Math.floor((height - 1) * RULE_QUANTILE);
  const rowSamples = width >> 1;
  const columnSamples = (height + 1) >> 1;
  const values = selectionScratch(Math.max(width, height));
  for (let y = 0; y < height; y++) {
    if ((rowCounts[y] as number) < rowSamples * (1 - RULE_QUANTILE)) continue;
    values.set(ink.subarray(y * width, (y + 1) * width));
    if (reachesBothEnds(values, width)) rows[y] = selectKth(values, width, rowK);
  }
  for (let x = 0; x < width; x++) {
    if ((columnCounts[x] as number) < columnSamples * (1 - RULE_QUANTILE)) continue;
    for (let y = 0, at = x; y < height; y++, at += width) values[y] = ink[at] as number;
    if (reachesBothEnds(values, height)) columns[x] = selectKth(values, height, columnK);
  }
  return { rows, columns };
}

/** The share of a line at each end that must be of rule strength too. */
const END_SHARE = 0.08;

/**
 * Whether the line's values are of rule strength at both of its ends (most of the first and
 * the last 8 %): a rule runs off the page, a pen stroke stops short of the picture's edges
 * (the bar of a 4 or 7 in a tightly cropped picture can still cover three quarters of it).
 */
function reachesBothEnds(line: Float32Array, length: number): boolean {
  const span = Math.max(2, Math.round(length * END_SHARE));
  let first = 0;
  let last = 0;
  for (let i = 0; i < span; i++) {
    if ((line[i] as number) >= MIN_RULE_LEVEL) first++;
    if ((line[length - 1 - i] as number) >= MIN_RULE_LEVEL) last++;
  }
  return first * 2 > span && last * 2 > span;
}

/**
 * Keeps the strengths of the lines in rule bands, zeroes the rest, and returns how many bands
 * were kept. A band is a run of lines of rule strength; it is a rule when it is thin, stands
 * clearly out somewhere (RULE_ANCHOR_LEVEL: noise lifts single lines just over MIN_RULE_LEVEL,
 * never that far) and is lighter than the pen.
 */
function keepRuleBands(levels: Float32Array, penPeak: number): number {
  let bands = 0;
  let start = 0;
  while (start < levels.length) {
    if ((levels[start] as number) < MIN_RULE_LEVEL) {
      levels[start++] = 0;
      continue;
    }
    let end = start;
    let strongest = 0;
    while (end < levels.length && (levels[end] as number) >= MIN_RULE_LEVEL) {
      strongest = Math.max(strongest, levels[end] as number);
      end++;
    }
    const isRule =
      end - start <= MAX_RULE_WIDTH &&
      strongest >= RULE_ANCHOR_LEVEL &&
      strongest < penPeak * MAX_RULE_SHARE_OF_PEN;
    if (isRule) bands++;
    // (A rule's blurred shoulders, under MIN_RULE_LEVEL, are left to the ink floor.)
    else levels.fill(0, start, end);
    start = end;
  }
  return bands;
}

/**
 * The ruling of an oriented ink map (values in grey levels, paper 0), or null when it has
 * none. `penPeak` is the pen's typical strength.
 */
export function findRuling(ink: Float32Array, width: number, height: number, penPeak: number): Ruling | null {
  // Too small a picture to hold a page's rules (and the pad's 28 px input is never ruled).
  if (width < 48 || height < 48) return null;
  const { rows, columns } = lineLevels(ink, width, height);
  const horizontal = keepRuleBands(rows, penPeak);
  const vertical = keepRuleBands(columns, penPeak);
  if (horizontal + vertical === 0) return null;
  return { rows, columns };
}

/** Subtracts the ruling (times RULE_SLACK) from the ink map in place; rules met at a crossing
 * count once. Returns the new largest value. */
export function removeRuling(ink: Float32Array, width: number, height: number, ruling: Ruling): number {
  let max = 0;
  for (let y = 0; y < height; y++) {
    const row = ruling.rows[y] as number;
    for (let x = 0, i = y * width; x < width; x++, i++) {
      const v = Math.max(0, (ink[i] as number) - RULE_SLACK * Math.max(row, ruling.columns[x] as number));
      ink[i] = v;
      if (v > max) max = v;
    }
  }
  return max;
}
