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
 * thin, runs off the picture at both ends and is clearly lighter than the pen: a lone margin
 * line goes too (and so would a thin, light line across a plain photo, such as a table's
 * edge); drawings on the pad and the golden test's 32 plain pictures come out to the bit as
 * before. Photos are rarely level, so the lines are searched along the slope (within ±3°)
 * along which the ink stacks up best. The pen's strength is measured off the candidate rule
 * lines, so an empty ruled page has no pen and comes out blank. Pictures under 48 px are never
 * searched.
 */
import { selectKth, selectionScratch, strongPeak } from './select.ts';

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

/**
 * What to subtract along each row line and each column line (0 where there is no rule). A
 * photo is rarely held level: rules run at `slope` (down per pixel across), so row line r
 * holds the pixels (x, r - rowOffset + rowShift[x]) and column line c the pixels
 * (c - columnOffset + columnShift[y], y); column lines lean the other way, as a turned grid's
 * do. At slope 0 they are the picture's rows and columns.
 */
export interface Ruling {
  rows: Float32Array;
  columns: Float32Array;
  rowShift: Int32Array;
  columnShift: Int32Array;
  rowOffset: number;
  columnOffset: number;
}

/** Rules are searched up to this slope either way: tan 3°, a page photographed roughly level. */
const MAX_SLOPE = Math.tan((3 * Math.PI) / 180);
/** The coarse search's step (0.5°); the best coarse slope is refined by quarter steps. */
const SLOPE_STEP = Math.tan((0.5 * Math.PI) / 180);
/** A leaning line must lie this much inside the picture to be judged. */
const MIN_INSIDE = 0.9;
/** The slope score counts ink up to this level: rules, not the darker pen, should decide. */
const SCORE_CAP = 64;

/** Per-position shifts of a line at `slope` through the middle of `length` positions. */
function shifts(slope: number, length: number): Int32Array {
  const middle = (length - 1) / 2;
  return Int32Array.from({ length }, (_, i) => Math.round(slope * (i - middle)));
}

/** The largest shift either way (rounding makes the two ends differ by up to one). */
function reach(shift: Int32Array): number {
  return Math.max(Math.abs(shift[0] as number), Math.abs(shift[shift.length - 1] as number));
}

/**
 * How strongly the ink lines up along rows leaning at `slope`: the sum of squares of the
 * sheared row profile over every `stride`-th column. Rules crossing the picture stack up into
 * a few tall peaks when the slope is theirs, and spread when it is not.
 */
function slopeScore(ink: Float32Array, width: number, height: number, slope: number, stride: number): number {
  const shift = shifts(slope, width);
  const margin = reach(shift);
  const profile = new Float64Array(height + 2 * margin);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x += stride) {
      const v = ink[row + x] as number;
      if (v >= MIN_RULE_LEVEL) {
        const line = y - (shift[x] as number) + margin;
        profile[line] = (profile[line] as number) + Math.min(v, SCORE_CAP);
      }
    }
  }
  let score = 0;
  for (let i = 0; i < profile.length; i++) score += (profile[i] as number) ** 2;
  return score;
}

/** The rules' slope: the best of a coarse search, refined; level unless clearly otherwise. */
function ruleSlope(ink: Float32Array, width: number, height: number): number {
  const level = slopeScore(ink, width, height, 0, 16);
  let best = 0;
  let bestScore = level;
  for (let slope = SLOPE_STEP; slope <= MAX_SLOPE + 1e-9; slope += SLOPE_STEP) {
    for (const signed of [slope, -slope]) {
      const score = slopeScore(ink, width, height, signed, 16);
      if (score > bestScore) [best, bestScore] = [signed, score];
    }
  }
  // A plain picture or a level page stays on the picture's rows (and its bytes as they were).
  if (best === 0 || bestScore < level * 1.05) return 0;
  let refined = best;
  let refinedScore = slopeScore(ink, width, height, best, 8);
  for (const offset of [-0.5, -0.25, 0.25, 0.5]) {
    const slope = best + offset * SLOPE_STEP;
    const score = slopeScore(ink, width, height, slope, 8);
    if (score > refinedScore) [refined, refinedScore] = [slope, score];
  }
  return refined;
}

/**
 * Rule strength of every row line and column line at the slope (0 for a line that cannot be
 * a rule). Only a line that lies mostly inside the picture and has at least three quarters
 * of its values at MIN_RULE_LEVEL or more can be one. One pass counts those on a checkerboard
 * half of the pixels for all lines at once (a pre-selection: a line that only just qualifies
 * may be missed), and only the lines that pass get their quantile selected, so a plain
 * picture costs one pass.
 */
function lineLevels(ink: Float32Array, width: number, height: number, slope: number): Ruling {
  const rowShift = shifts(slope, width);
  const columnShift = shifts(-slope, height);
  const rowOffset = reach(rowShift);
  const columnOffset = reach(columnShift);
  const rowLines = height + 2 * rowOffset;
  const columnLines = width + 2 * columnOffset;
  const rowCounts = new Int32Array(rowLines);
  const columnCounts = new Int32Array(columnLines);
  for (let y = 0; y < height; y++) {
    const across = columnOffset - (columnShift[y] as number);
    const down = y + rowOffset;
    for (let x = y & 1, i = y * width + x; x < width; x += 2, i += 2) {
      if ((ink[i] as number) < MIN_RULE_LEVEL) continue;
      const r = down - (rowShift[x] as number);
      const c = x + across;
      rowCounts[r] = (rowCounts[r] as number) + 1;
      columnCounts[c] = (columnCounts[c] as number) + 1;
    }
  }
  const rows = new Float32Array(rowLines);
  const columns = new Float32Array(columnLines);
  const values = selectionScratch(Math.max(width, height));
  // Of a line's checkerboard half, three quarters at rule strength; whether the line lies
  // mostly inside the picture is checked once its values are gathered.
  const rowCandidate = (width >> 1) * (1 - RULE_QUANTILE);
  const columnCandidate = (height >> 1) * (1 - RULE_QUANTILE);
  for (let r = 0; r < rowLines; r++) {
    if ((rowCounts[r] as number) < rowCandidate) continue;
    let n = 0;
    for (let x = 0; x < width; x++) {
      const y = r - rowOffset + (rowShift[x] as number);
      if (y >= 0 && y < height) values[n++] = ink[y * width + x] as number;
    }
    if (n >= width * MIN_INSIDE && reachesBothEnds(values, n))
      rows[r] = selectKth(values, n, Math.floor((n - 1) * RULE_QUANTILE));
  }
  for (let c = 0; c < columnLines; c++) {
    if ((columnCounts[c] as number) < columnCandidate) continue;
    let n = 0;
    for (let y = 0; y < height; y++) {
      const x = c - columnOffset + (columnShift[y] as number);
      if (x >= 0 && x < width) values[n++] = ink[y * width + x] as number;
    }
    if (n >= height * MIN_INSIDE && reachesBothEnds(values, n))
      columns[c] = selectKth(values, n, Math.floor((n - 1) * RULE_QUANTILE));
  }
  return { rows, columns, rowShift, columnShift, rowOffset, columnOffset };
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

/** Below this, nothing off the candidate lines is pen: an empty ruled page. */
const MIN_PEN_LEVEL = 24;

/** Lines that are, or lie next to, a candidate rule line (a rule's blurred edge). */
function nearLines(levels: Float32Array): Uint8Array {
  const near = new Uint8Array(levels.length);
  for (let i = 0; i < levels.length; i++) {
    if ((levels[i] as number) > 0) near.fill(1, Math.max(0, i - 1), Math.min(levels.length, i + 2));
  }
  return near;
}

/**
 * The pen's typical strength, measured off the candidate rule lines and the lines next to
 * them, on every second pixel: measured over the whole picture, the rules of an empty page
 * would be their own "pen" and never lighter than it. Infinity when nothing off the lines
 * reaches MIN_PEN_LEVEL: there is no pen to protect.
 */
function penStrength(ink: Float32Array, width: number, height: number, ruling: Ruling): number {
  const { rowShift, columnShift, rowOffset, columnOffset } = ruling;
  const nearRow = nearLines(ruling.rows);
  const nearColumn = nearLines(ruling.columns);
  const off = new Float32Array((ink.length + 1) >> 1);
  let n = 0;
  let max = 0;
  for (let y = 0; y < height; y++) {
    const across = columnOffset - (columnShift[y] as number);
    const down = y + rowOffset;
    for (let x = y & 1, i = y * width + x; x < width; x += 2, i += 2) {
      const v = ink[i] as number;
      if (v < MIN_PEN_LEVEL || nearRow[down - (rowShift[x] as number)] || nearColumn[x + across]) continue;
      off[n++] = v;
      if (v > max) max = v;
    }
  }
  return max < MIN_PEN_LEVEL ? Infinity : strongPeak(off.subarray(0, n), max);
}

/**
 * The ruling of an oriented ink map (values in grey levels, paper 0), or null when it has
 * none.
 */
export function findRuling(ink: Float32Array, width: number, height: number): Ruling | null {
  // Too small a picture to hold a page's rules (and the pad's 28 px input is never ruled).
  if (width < 48 || height < 48) return null;
  const ruling = lineLevels(ink, width, height, ruleSlope(ink, width, height));
  // A plain picture has no line that could be a rule: no pen to measure, nothing to remove.
  if (!ruling.rows.some((level) => level > 0) && !ruling.columns.some((level) => level > 0)) return null;
  const penPeak = penStrength(ink, width, height, ruling);
  const horizontal = keepRuleBands(ruling.rows, penPeak);
  const vertical = keepRuleBands(ruling.columns, penPeak);
  if (horizontal + vertical === 0) return null;
  return ruling;
}

/** Subtracts the ruling (times RULE_SLACK) from the ink map in place; rules met at a crossing
 * count once. Returns the new largest value. */
export function removeRuling(ink: Float32Array, width: number, height: number, ruling: Ruling): number {
  const { rows, columns, rowShift, columnShift, rowOffset, columnOffset } = ruling;
  let max = 0;
  for (let y = 0; y < height; y++) {
    const across = columnOffset - (columnShift[y] as number);
    const down = y + rowOffset;
    for (let x = 0, i = y * width; x < width; x++, i++) {
      const rule = Math.max(rows[down - (rowShift[x] as number)] as number, columns[x + across] as number);
      const v = Math.max(0, (ink[i] as number) - RULE_SLACK * rule);
      ink[i] = v;
      if (v > max) max = v;
    }
  }
  return max;
}
