/**
 * A whole handwritten number from one picture: ink components are merged into glyphs (a broken
 * stroke, the detached top of a 5), glyphs wider than a digit get candidate cuts at the ink
 * profile's valleys, and the model's own confidence chooses among the readings. Every
 * candidate's input goes to the model in one batch, so a number costs one inference call.
 *
 * The search needs a classifier; this package has none (no tfjs), so the caller passes the
 * batch's scores back: `planNumber` → the model → `chooseReading`, or `readNumber` with a
 * classify function.
 */
import { labelComponents, removeSpecks, type Box, type Component } from './components.ts';
import { inkToInput, toOriginalBox, workingLuma } from './digit-input.ts';
import { NoInkError, TooManyDigitsError } from './errors.ts';
import type { FloatImage } from './geometry.ts';
import { channelsOf, type PixelImage } from './image.ts';
import { lumaInto } from './luma.ts';
import { inkMap } from './ink.ts';

/**
 * A digit read with a probability below this is flagged (`lowConfidence`) for the user to check.
 * The probability counts the number head's doubt that the part is one whole digit, so a merged
 * pair read confidently as one digit is flagged too. At 0.5 the flags fall on two thirds of the
 * numbers set's misread numbers (0.8 on the digit's probability alone: fewer than one in five),
 * and on 7 % of the separated and 19 % of the touching numbers read right (`npm run
 * eval:numbers`, BENCHMARKS.md "Numbers").
 */
export const LOW_CONFIDENCE = 0.5;
/** Most digits one number may have (glyphs found, and digits read). */
export const MAX_DIGITS = 24;
/** Most candidate inputs one picture may send to the model (an 8-digit touching number needs
 * about 65): bounds the batch, and so the time and memory, one request can cost. */
export const MAX_CANDIDATES = 256;
/** Most separate marks (components after speck removal) a number picture may have: a digit in a
 * few pieces, times {@link MAX_DIGITS}. */
const MAX_MARKS = 8 * MAX_DIGITS;
/** Numbers are read at this longest side at most: an 8-digit number across a photo keeps ~40 px
 * digits. */
export const NUMBER_WORKING_SIZE = 1024;
/** Digits taller than this (px at the working size) are read from the picture reduced until
 * they are this tall: the model sees 20 px, and a 200 px digit drawn on the pad would only cost
 * more per pixel and per candidate (and get more candidate cuts). Reducing to 24 px lost
 * touching numbers (BENCHMARKS.md, "Numbers"); 32 reads the numbers set as well as no limit. */
export const DIGIT_HEIGHT = 32;
/** The longest side of the quick look that measures the digits' height. */
const GLANCE_SIZE = 128;
/** A glance needs at least this many pixels across and down. */
const GLANCE_MIN_SIDE = 8;
/** A component under this share of the largest one's mass, and small, is a speck. */
const SPECK_SHARE = 0.04;
/** A gap between digits wider than this many digit heights separates groups ("12 345"). */
const GROUP_GAP = 0.8;
/** Glyphs at least this wide (in digit heights) may be touching digits and get candidate cuts:
 * two touching 1s are as narrow as one 0. */
const SPLIT_WIDTH = 0.65;
/** At most this many valley cuts per glyph (those with the least ink; regular cuts come on top). */
const MAX_CUTS = 10;
/** Glyphs narrower than this (in digit heights: a single digit's width) get only their deepest
 * valley cut, which keeps a separated number's batch small. */
const FEW_CUTS_WIDTH = 0.85;
/** Valley cuts keep this far (in digit heights) from a glyph's edges and from each other. */
const MIN_PART = 0.12;
/** Segments wider than this (in digit heights) are not scored, except a whole cluster. */
const MAX_PART = 1.4;
/** Parts whose ink is wider than this (in digit heights) are not scored, except a whole cluster:
 * their width alone costs more than any reading of them saves (none was chosen, and none was on
 * a written number's path, in the tuning set's 19,000 touching candidates). */
export const MAX_INK_WIDTH = 1.25;
/** Parts cut on both sides with ink narrower than this (in digit heights) are slivers between
 * two close cuts, not scored: a sixth of a touching number's candidates, and 1 of the tuning
 * set's 1,476 parts on written numbers' paths. A 1 touching digits on both sides is cut with a
 * bit of them and stays wider (number.test.ts). */
export const MIN_CUT_PART = 0.25;
/** Glyphs this close (in digit heights) may be one digit drawn in pieces (the bar and stem of a
 * 4): the model scores them apart and together. */
const NEAR_GAP = 0.2;
/** Within a part cut from a glyph, pieces under this share of the largest are slivers of the
 * neighbour the cut went through. */
const CUT_SLIVER = 0.2;
/** Candidate cuts inside a wide glyph: its valleys, and a cut every this many digit heights
 * (touching digits overlap, and the valley is rarely where one ends). */
const CUT_STEP = 0.2;
/** Only glyphs at least this wide (in digit heights: wider than most single digits) get those
 * regular cuts; narrower ones only their valleys, which keeps a separated number's batch small. */
const DENSE_WIDTH = 1.1;

/**
 * What a reading costs, in log units: the chosen segments' doubt and shape, and the cuts made.
 * The model alone reads fragments with confidence (the right two thirds of a 2 as a 2 at
 * 0.999); with a number head, each segment's doubt also counts how unlike one whole digit it is
 * (`DigitScores.wholeDigit`). `npm run tune:numbers` fits the weights on the numbers generator
 * (its own seed, not the eval's): {@link READING_WEIGHTS} with a number head,
 * {@link MODEL_ONLY_WEIGHTS} without (BENCHMARKS.md, "Numbers").
 */
export interface ReadingWeights {
  /** Per unit of -log p of a segment's digit. */
  doubt: number;
  /** Per digit height a segment is wider than `wideFrom` digit heights. */
  wide: number;
  wideFrom: number;
  /** Per digit height a segment read as anything but 1 is narrower than 0.35. */
  narrow: number;
  /** Per digit height a segment is lower than 0.7. */
  short: number;
  /** Per segment: the log prior of one more digit (negative: a merged pair costs more than the
   * model's confident reading of it says). */
  part: number;
  /** Per unit a segment's aspect (width / height) lies outside what MNIST writes for its digit
   * ({@link DIGIT_ASPECTS}), relative to that bound. */
  shape: number;
  /** Per cut through a glyph, and per unit of ink in the cut column (the glyph's mean column = 1). */
  cut: number;
  cutInk: number;
  /** How much the number head's own digit probabilities (`DigitScores.partProbabilities`) count
   * beside the model's: a segment's digit is read from the model's probabilities times the
   * head's to this power, renormalised (0: the model's alone). */
  partDigits: number;
}

/**
 * Per digit, the 2nd and 98th percentile of the ink box's width / height over MNIST's 60,000
 * training digits (ink > 64): half a 0 read as a 1 is in range, a 0 read from two touching
 * digits is not.
 */
const DIGIT_ASPECTS: readonly (readonly [number, number])[] = [
  [0.6, 1.33],
  [0.2, 0.9],
  [0.6, 1.43],
  [0.5, 1.18],
  [0.5, 1.18],
  [0.55, 1.54],
  [0.45, 1.11],
  [0.5, 1.18],
  [0.5, 1.11],
  [0.45, 1.0],
];

/** The weights when the scores carry the number head's `wholeDigit` (the committed model). */
export const READING_WEIGHTS: Readonly<ReadingWeights> = {
  doubt: 1,
  wide: 12,
  wideFrom: 1.1,
  narrow: 4,
  short: 1,
  part: -0.75,
  shape: 0.5,
  cut: 0.5,
  cutInk: 0,
  partDigits: 1.5,
};

/** The weights for a model without a number head: the doubt, width and cut terms only (what
 * `npm run tune:numbers` found beyond them traded separated numbers for touching ones). */
export const MODEL_ONLY_WEIGHTS: Readonly<ReadingWeights> = {
  doubt: 1,
  wide: 8,
  wideFrom: 1.1,
  narrow: 8,
  short: 0,
  part: 0,
  shape: 0,
  cut: 0.5,
  cutInk: 0,
  partDigits: 0,
};

/** The model's answer for one input: its ten probabilities and, when the model has a number
 * head, how likely the input is one whole digit (not a fragment or two touching digits) and
 * which digit the head takes it for. */
export interface DigitScores {
  probabilities: ArrayLike<number>;
  /** 0–1; a missing one counts as 1 (the reading then rests on the probabilities alone). */
  wholeDigit?: number;
  /** The number head's ten digit probabilities, given the input is one whole digit. The head
   * has learnt from cut parts (a sliver of the neighbour included), the model only from whole
   * digits; the reading weighs both ({@link ReadingWeights.partDigits}). */
  partProbabilities?: ArrayLike<number>;
}

/** One digit of a number as read. */
export interface NumberDigit {
  /** The digit read: the top of the model's (or the personal head's) probabilities weighed with
   * the number head's (`ReadingWeights.partDigits`), so for a cut part it can differ from the
   * top of {@link probabilities}. */
  digit: number;
  /** How sure the reader is that the box holds this one digit: the weighed probability of
   * {@link digit} times the number head's chance that the part is one whole digit
   * (`DigitScores.wholeDigit`; 1 without a number head). */
  probability: number;
  /** Where the digit is, in the original picture's pixels. */
  box: Box;
  /** True when `probability` is below {@link LOW_CONFIDENCE}. */
  lowConfidence: boolean;
  /** The digit's 784-byte model input (hashed for the device and shared caches). */
  pixels: Uint8Array;
  /** The model's own ten probabilities for {@link pixels} (or the personal head's): what
   * `POST /api/predict` answers for that input, and what the caches keep under its hash. */
  probabilities: number[];
}

/** A number as read: its digits left to right and, when wide gaps split it, the groups. */
export interface NumberReading {
  number: string;
  digits: NumberDigit[];
  /** The digits of each group, when the number has more than one ("12 345" → ["12", "345"]). */
  groups?: string[];
}

/** A part of a glyph between two of its cut points, and its input's index in the batch. */
interface Segment {
  from: number;
  to: number;
  input: number;
  /** The part's ink box, in digit heights. */
  width: number;
  height: number;
}

/** A glyph's cut points (its left edge, candidate cuts, its right edge), what each inner cut
 * costs, and the segments between them the model scores. */
interface Glyph {
  /** Per cut point: 0 for the edges and gaps, else the ink in its column (mean column = 1). */
  cutInk: number[];
  /** Whether each point is a cut through ink (not an edge or a gap). */
  cuts: boolean[];
  points: number;
  segments: Segment[];
}

interface Part {
  box: Box;
  pixels: Uint8Array;
}

/** The segmentation of a picture and every candidate input: send `inputs` to the model as one
 * batch and give the scores to {@link chooseReading}. */
export interface NumberPlan {
  /** The model inputs to score, 784 bytes each. */
  inputs: Uint8Array[];
  readonly glyphs: readonly Glyph[];
  readonly parts: readonly Part[];
  /** The typical digit height, in original pixels (for group gaps). */
  readonly digitHeight: number;
  /** Working pixels per picture pixel: under 1 when the picture was reduced to read it (wider
   * than {@link NUMBER_WORKING_SIZE}, or digits taller than {@link DIGIT_HEIGHT}). */
  readonly scale: number;
}

/**
 * Segments the picture and prepares every candidate input. Throws NoInkError for a blank
 * picture, and TooManyDigitsError beyond {@link MAX_DIGITS} glyphs, ink wider than that many
 * digits, or more than {@link MAX_CANDIDATES} candidates.
 */
export function planNumber(image: PixelImage): NumberPlan {
  const { luma, shrink } = workingLuma(image, workingSize(image));
  const { ink } = inkMap(luma);
  const { labels, kept, height } = findMarks(ink);
  const glyphs = mergeIntoGlyphs(kept, height);
  if (glyphs.length === 0) throw new NoInkError();
  if (glyphs.length > MAX_DIGITS) throw new TooManyDigitsError(glyphs.length, MAX_DIGITS);
  // Ink as wide as more digits than a number may have (one long stroke across the page) would
  // ask for hundreds of candidate cuts: refused before any is made.
  const inkWidth = glyphs.reduce((sum, glyph) => sum + glyph.width, 0);
  if (inkWidth > height * MAX_DIGITS) throw new TooManyDigitsError(Math.ceil(inkWidth / height), MAX_DIGITS);
  const plan: NumberPlan & { glyphs: Glyph[]; parts: Part[] } = {
    inputs: [],
    glyphs: [],
    parts: [],
    digitHeight: height * Math.max(1, shrink),
    scale: 1 / Math.max(1, shrink),
  };
  /** Adds the input of a glyph's columns `from`..`to`; its index, width and height in digit heights. */
  const addPart = (
    glyph: GlyphBox,
    /** The glyph's own ink over its box (memberInk). */
    glyphInk: FloatImage,
    from: number,
    to: number,
    natural: boolean,
    /** Whether a part of this ink width (in digit heights) goes to the model. */
    admit: (width: number) => boolean,
  ): [number, number, number] | undefined => {
    const part = partInk(glyphInk, from - glyph.x, to - glyph.x, natural ? undefined : CUT_SLIVER);
    if (!part || !admit(part.box.width / height)) return undefined;
    const pixels = inkToInput(part.ink, part.box);
    const box = { ...part.box, x: part.box.x + from, y: part.box.y + glyph.y };
    plan.parts.push({ box: toOriginalBox(box, shrink, image), pixels });
    plan.inputs.push(pixels);
    if (plan.inputs.length > MAX_CANDIDATES)
      throw new TooManyDigitsError(Math.ceil(inkWidth / height), MAX_DIGITS);
    return [plan.parts.length - 1, box.width / height, box.height / height];
  };
  for (const cluster of nearClusters(glyphs, height)) {
    // Cut points: the cluster's edges, the gaps between its glyphs (free: the ink is apart
    // there) and, inside a glyph wide enough to hold two digits, cuts (at a cost).
    type Point = { x: number; ink: number; natural: boolean };
    const points: Point[] = [];
    cluster.forEach((glyph, i) => {
      const previous = cluster[i - 1];
      if (previous) {
        const gapAt = Math.round((previous.x + previous.width + glyph.x) / 2);
        points.push({ x: Math.max((points.at(-1)?.x ?? 0) + 1, gapAt), ink: 0, natural: true });
      } else points.push({ x: glyph.x, ink: 0, natural: true });
      if (glyph.width >= height * SPLIT_WIDTH)
        for (const cut of cutPoints(ink, labels, glyph, height)) points.push({ ...cut, natural: false });
    });
    const last = cluster.at(-1) as GlyphBox;
    points.push({ x: last.x + last.width, ink: 0, natural: true });
    // Glyphs of a cluster may share columns: keep the points in order, one per column.
    points.sort((a, b) => a.x - b.x || Number(b.natural) - Number(a.natural));
    for (let i = points.length - 1; i > 0; i--)
      if ((points[i] as Point).x === (points[i - 1] as Point).x) points.splice(i, 1);
    const whole = cluster.reduce(union);
    const wholeInk = memberInk(ink, labels, whole);
    const segments: Segment[] = [];
    const addSegment = (i: number, j: number, always = false): void => {
      const from = points[i] as Point;
      const to = points[j] as Point;
      const admit = (width: number): boolean =>
        always || (width <= MAX_INK_WIDTH && (from.natural || to.natural || width >= MIN_CUT_PART));
      const part = addPart(whole, wholeInk, from.x, to.x, from.natural && to.natural, admit);
      if (part) segments.push({ from: i, to: j, input: part[0], width: part[1], height: part[2] });
    };
    const end = points.length - 1;
    for (let i = 0; i < end; i++) {
      for (let j = i + 1; j <= end; j++) {
        if ((points[j] as Point).x - (points[i] as Point).x > height * MAX_PART) break;
        addSegment(i, j);
      }
    }
    // The whole cluster, however wide, is always a reading: the path across it always exists.
    if (!segments.some((segment) => segment.from === 0 && segment.to === end)) addSegment(0, end, true);
    if (segments.length > 0)
      plan.glyphs.push({
        cutInk: points.map((p) => p.ink),
        cuts: points.map((p) => !p.natural),
        points: points.length,
        segments,
      });
  }
  if (plan.glyphs.length === 0) throw new NoInkError();
  return plan;
}

/** The picture's marks: labelled components, specks dropped, and the typical digit height.
 * Throws NoInkError for no ink, TooManyDigitsError for more marks than a number may have. */
function findMarks(ink: FloatImage): { labels: Int32Array; kept: Component[]; height: number } {
  const { labels, components } = labelComponents(ink);
  if (components.length === 0) throw new NoInkError();
  const kept = dropSpecks(components, componentHeight(components));
  // A page of text or a field of dots: refused before the pairwise merging below.
  if (kept.length > MAX_MARKS) throw new TooManyDigitsError(kept.length, MAX_DIGITS);
  return { labels, kept, height: digitHeight(labels, ink.width, kept) };
}

/**
 * The longest side to read the picture at: {@link NUMBER_WORKING_SIZE}, or less when its digits
 * would be taller than {@link DIGIT_HEIGHT} there. The digits' height comes from a glance: the
 * picture sampled at most {@link GLANCE_SIZE} pixels across (every few pixels, not averaged:
 * with its ink map, a glance at a pad-sized number costs 1.0 ms, an averaged one 2.2 ms).
 * Sampling can only break thin strokes, which makes digits look smaller, never taller; and when
 * the glance finds no digits, the full working size decides.
 */
function workingSize(image: PixelImage): number {
  const longest = Math.max(image.width, image.height);
  const size = Math.min(longest, NUMBER_WORKING_SIZE);
  const step = Math.floor(longest / GLANCE_SIZE);
  // Too few pixels down (a strip) to tell a digit's height from: the full working size.
  if (step < 2 || image.height < step * GLANCE_MIN_SIDE || image.width < step * GLANCE_MIN_SIDE) return size;
  let glanced: number;
  try {
    glanced = findMarks(inkMap(sampledLuma(image, step)).ink).height * step * (size / longest);
  } catch (err) {
    if (err instanceof NoInkError || err instanceof TooManyDigitsError) return size;
    throw err;
  }
  return glanced > DIGIT_HEIGHT ? Math.round((size * DIGIT_HEIGHT) / glanced) : size;
}

/** The luma of every `step`-th pixel across and down (the centre of each step x step block). */
function sampledLuma(image: PixelImage, step: number): FloatImage {
  const channels = channelsOf(image);
  const width = Math.floor(image.width / step);
  const height = Math.floor(image.height / step);
  const data = new Float32Array(width * height);
  const half = step >> 1;
  for (let y = 0; y < height; y++) {
    const row = (y * step + half) * image.width + half;
    lumaInto(image, channels, row, width, data, y * width, step);
  }
  return { width, height, data };
}

/**
 * Picks, per cluster of glyphs, the cheapest path of segments under `weights` (the model's doubt
 * plus shape and cut costs), and assembles the number. `scores` are the model's answers for
 * `plan.inputs`, in order. Without `weights`: {@link READING_WEIGHTS} when every score has a
 * `wholeDigit`, else {@link MODEL_ONLY_WEIGHTS}. Throws TooManyDigitsError when the cuts make
 * more than MAX_DIGITS.
 */
export function chooseReading(
  plan: NumberPlan,
  scores: readonly DigitScores[],
  weights: Readonly<ReadingWeights> = defaultWeights(scores),
): NumberReading {
  if (scores.length !== plan.inputs.length)
    throw new RangeError(`${scores.length} scores for ${plan.inputs.length} inputs`);
  const weighed = scores.map((score) => weighDigits(score, weights));
  const digits: NumberDigit[] = [];
  for (const glyph of plan.glyphs) {
    for (const index of bestPath(glyph, weighed, weights)) {
      const part = plan.parts[index] as Part;
      const score = scores[index] as DigitScores;
      const probabilities = Array.from(score.probabilities);
      const { digit, p } = topOf(weighed[index] as DigitScores);
      const probability = p * (score.wholeDigit ?? 1);
      digits.push({
        digit,
        probability,
        box: part.box,
        lowConfidence: probability < LOW_CONFIDENCE,
        pixels: part.pixels,
        probabilities,
      });
    }
  }
  digits.sort((a, b) => a.box.x + a.box.width / 2 - (b.box.x + b.box.width / 2));
  // Cuts can make more digits than glyphs: the reading itself stays within a number's length.
  if (digits.length > MAX_DIGITS) throw new TooManyDigitsError(digits.length, MAX_DIGITS);
  const reading: NumberReading = { number: digits.map((d) => d.digit).join(''), digits };
  const groups = groupDigits(digits, plan.digitHeight);
  if (groups.length > 1) reading.groups = groups;
  return reading;
}

/** The weights for scores with or without the number head's judgement. */
export function defaultWeights(scores: readonly DigitScores[]): Readonly<ReadingWeights> {
  return scores.length > 0 && scores.every((score) => score.wholeDigit !== undefined)
    ? READING_WEIGHTS
    : MODEL_ONLY_WEIGHTS;
}

/** Segments, scores every candidate in one call of `classify`, and chooses. */
export async function readNumber(
  image: PixelImage,
  classify: (inputs: Uint8Array[]) => Promise<readonly DigitScores[]> | readonly DigitScores[],
): Promise<NumberReading> {
  const plan = planNumber(image);
  return chooseReading(plan, await classify(plan.inputs));
}

/**
 * The cheapest way across a glyph's cut points (dynamic programming): each segment costs the
 * model's doubt (-log p) and its width penalty, each cut made costs its own price. Returns the
 * chosen segments' inputs, left to right.
 */
function bestPath(glyph: Glyph, scores: readonly DigitScores[], w: Readonly<ReadingWeights>): number[] {
  const cost = new Float64Array(glyph.points).fill(Infinity);
  const via: (Segment | undefined)[] = new Array(glyph.points);
  cost[0] = 0;
  for (const segment of [...glyph.segments].sort((a, b) => a.to - b.to || a.from - b.from)) {
    const start = cost[segment.from] as number;
    if (start === Infinity) continue;
    const total =
      start + cutCost(glyph, segment.from, w) + segmentCost(segment, scores[segment.input] as DigitScores, w);
    if (total < (cost[segment.to] as number)) {
      cost[segment.to] = total;
      via[segment.to] = segment;
    }
  }
  const path: number[] = [];
  // The whole-cluster segment makes the last point reachable; this only guards that promise.
  if (cost[glyph.points - 1] === Infinity) return path;
  for (let at = glyph.points - 1; at > 0;) {
    const segment = via[at] as Segment;
    path.unshift(segment.input);
    at = segment.from;
  }
  return path;
}

/**
 * The cheapest way to read `plan` as exactly `digits` (each segment priced as the digit it must
 * be), as the inputs of its segments left to right; undefined when no path of candidate parts
 * has that many digits. What training and diagnostics compare the chosen reading with: whether
 * the written number was reachable, and which parts it takes.
 */
export function readingAs(
  plan: NumberPlan,
  scores: readonly DigitScores[],
  digits: string,
  weights: Readonly<ReadingWeights> = defaultWeights(scores),
): number[] | undefined {
  const labels = Array.from(digits, Number);
  const n = labels.length;
  const weighed = scores.map((score) => weighDigits(score, weights));
  // Per number of digits read so far: the cheapest cost and the inputs it takes.
  let before: ({ cost: number; inputs: number[] } | undefined)[] = [{ cost: 0, inputs: [] }];
  for (const glyph of plan.glyphs) {
    const after: ({ cost: number; inputs: number[] } | undefined)[] = [];
    const ordered = [...glyph.segments].sort((a, b) => a.to - b.to || a.from - b.from);
    before.forEach((start, k) => {
      if (!start) return;
      // cost[point][j]: the cheapest way to the point reading j digits of this glyph.
      const cost = Array.from({ length: glyph.points }, () => new Float64Array(n - k + 1).fill(Infinity));
      const via = Array.from({ length: glyph.points }, () => new Array<Segment | undefined>(n - k + 1));
      (cost[0] as Float64Array)[0] = 0;
      for (const segment of ordered) {
        const cut = cutCost(glyph, segment.from, weights);
        const scoresHere = weighed[segment.input] as DigitScores;
        const from = cost[segment.from] as Float64Array;
        const to = cost[segment.to] as Float64Array;
        for (let j = 0; j < n - k; j++) {
          if (from[j] === Infinity) continue;
          const total = (from[j] as number) + cut + segmentCost(segment, scoresHere, weights, labels[k + j]);
          if (total < (to[j + 1] as number)) {
            to[j + 1] = total;
            (via[segment.to] as (Segment | undefined)[])[j + 1] = segment;
          }
        }
      }
      // Each glyph holds at least one digit: the whole-cluster segment guarantees a path.
      const end = glyph.points - 1;
      for (let j = 1; j <= n - k; j++) {
        const total = start.cost + ((cost[end] as Float64Array)[j] as number);
        if (total === Infinity || total >= (after[k + j]?.cost ?? Infinity)) continue;
        const inputs: number[] = [];
        for (let at = end, m = j; at > 0; m--) {
          const segment = (via[at] as (Segment | undefined)[])[m] as Segment;
          inputs.unshift(segment.input);
          at = segment.from;
        }
        after[k + j] = { cost: total, inputs: [...start.inputs, ...inputs] };
      }
    });
    before = after;
  }
  return before[n]?.inputs;
}

/**
 * A segment's scores as the reading weighs them: the model's probabilities times the number
 * head's to the power `partDigits`, renormalised (the scores themselves when there are none).
 */
function weighDigits(scores: DigitScores, w: Readonly<ReadingWeights>): DigitScores {
  const part = scores.partProbabilities;
  if (!part || w.partDigits === 0) return scores;
  const model = scores.probabilities;
  const probabilities = new Float64Array(model.length);
  let sum = 0;
  for (let d = 0; d < model.length; d++) {
    const p = (model[d] as number) * Math.max(1e-12, part[d] as number) ** w.partDigits;
    probabilities[d] = p;
    sum += p;
  }
  // Two answers that rule each other out entirely leave nothing to renormalise: the model's stand.
  if (!(sum > 0)) return scores;
  for (let d = 0; d < model.length; d++) probabilities[d] = (probabilities[d] as number) / sum;
  return { ...scores, probabilities };
}

/** What starting a segment at cut point `point` costs: nothing at an edge or a gap. */
function cutCost(glyph: Glyph, point: number, w: Readonly<ReadingWeights>): number {
  return glyph.cuts[point] ? w.cut + w.cutInk * (glyph.cutInk[point] as number) : 0;
}

function topOf(scores: DigitScores): { digit: number; p: number } {
  let digit = 0;
  const probabilities = scores.probabilities;
  for (let i = 1; i < probabilities.length; i++)
    if ((probabilities[i] as number) > (probabilities[digit] as number)) digit = i;
  return { digit, p: probabilities[digit] as number };
}

const relu = (x: number): number => (x > 0 ? x : 0);

function outOfShape(digit: number, aspect: number): number {
  const [low, high] = DIGIT_ASPECTS[digit] as readonly [number, number];
  return relu(low - aspect) / low + relu(aspect - high) / high;
}

function segmentCost(
  segment: Segment,
  scores: DigitScores,
  w: Readonly<ReadingWeights>,
  /** The digit the segment is read as; the model's top digit when not given. */
  as?: number,
): number {
  const top = topOf(scores);
  const digit = as ?? top.digit;
  const p = as === undefined ? top.p : (scores.probabilities[as] as number);
  // A fragment or two touching digits can look like one digit to the model (the right two
  // thirds of a 2 read as a 2 at 0.999); the number head's doubt that it is one whole digit
  // counts as the model's own.
  const whole = scores.wholeDigit ?? 1;
  return (
    w.doubt * -Math.log(Math.max(1e-12, p * whole)) +
    w.wide * relu(segment.width - w.wideFrom) +
    (digit === 1 ? 0 : w.narrow * relu(0.35 - segment.width)) +
    w.short * relu(0.7 - segment.height) +
    w.shape * outOfShape(digit, segment.width / Math.max(1e-9, segment.height)) +
    w.part
  );
}

/**
 * The typical digit's height: the median height of the components shaped like one digit (not
 * wider than tall) that carry real mass. When every digit touches another, the ink's vertical
 * extent per column at its 90th percentile: a column crosses one digit even where digits touch
 * at different heights, and the tallest columns (a 1, the sides of a 0) set it.
 */
function digitHeight(labels: Int32Array, width: number, kept: Component[]): number {
  const largest = kept.reduce((max, c) => Math.max(max, c.mass), 0);
  const single = kept
    .filter((c) => c.mass >= largest * 0.25 && c.width <= c.height)
    .map((c) => c.height)
    .sort((a, b) => a - b);
  if (single.length > 0) return single[single.length >> 1] as number;
  const keep = new Uint8Array(kept.reduce((max, c) => Math.max(max, c.label), 0) + 1);
  for (const c of kept) keep[c.label] = 1;
  const extents: number[] = [];
  for (let x = 0; x < width; x++) {
    let top = -1;
    let bottom = -1;
    for (let at = x, y = 0; at < labels.length; at += width, y++) {
      if (keep[labels[at] as number] !== 1) continue;
      if (top < 0) top = y;
      bottom = y;
    }
    if (top >= 0) extents.push(bottom - top + 1);
  }
  extents.sort((a, b) => a - b);
  return Math.max(1, extents[Math.floor(extents.length * 0.9)] ?? 1);
}

/** A first guess of the digit height (to tell specks): the median height of the components
 * that carry real mass. */
function componentHeight(components: Component[]): number {
  const largest = components.reduce((max, c) => Math.max(max, c.mass), 0);
  const heights = components
    .filter((c) => c.mass >= largest * 0.25)
    .map((c) => c.height)
    .sort((a, b) => a - b);
  return Math.max(1, heights[heights.length >> 1] as number);
}

function dropSpecks(components: Component[], height: number): Component[] {
  const largest = components.reduce((max, c) => Math.max(max, c.mass), 0);
  return components.filter(
    (c) =>
      c.mass >= largest * 0.01 &&
      (c.mass >= largest * SPECK_SHARE || Math.max(c.width, c.height) >= height * 0.3),
  );
}

interface GlyphBox extends Box {
  members: Set<number>;
  mass: number;
}

/**
 * Components that share most of their columns belong to one digit (a 4 drawn in two strokes,
 * the detached top of a 5); a small piece beside a glyph joins it when it nearly touches (the
 * dot-like end of a 7). Merges that would make a glyph much wider than a digit are refused.
 */
function mergeIntoGlyphs(components: Component[], height: number): GlyphBox[] {
  const glyphs: GlyphBox[] = components
    .map((c) => ({
      x: c.x,
      y: c.y,
      width: c.width,
      height: c.height,
      mass: c.mass,
      members: new Set([c.label]),
    }))
    .sort((a, b) => a.x - b.x);
  let merged = true;
  while (merged) {
    merged = false;
    for (let i = 0; i < glyphs.length && !merged; i++) {
      for (let j = i + 1; j < glyphs.length && !merged; j++) {
        const a = glyphs[i] as GlyphBox;
        const b = glyphs[j] as GlyphBox;
        if (belongTogether(a, b, height)) {
          glyphs[i] = union(a, b);
          glyphs.splice(j, 1);
          merged = true;
        }
      }
    }
  }
  return glyphs.sort((a, b) => a.x + a.width / 2 - (b.x + b.width / 2));
}

function belongTogether(a: GlyphBox, b: GlyphBox, height: number): boolean {
  const overlap = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const narrower = Math.min(a.width, b.width);
  const unionWidth = Math.max(a.x + a.width, b.x + b.width) - Math.min(a.x, b.x);
  const small = Math.min(a.height, b.height) < height * 0.55;
  if (overlap >= narrower * 0.5 && unionWidth <= height * 1.1) return true;
  if (overlap >= narrower * 0.85) return true;
  // A small piece just beside a glyph: the gap is under a tenth of a digit.
  return small && overlap > -height * 0.1 && unionWidth <= height * 0.9;
}

function union(a: GlyphBox, b: GlyphBox): GlyphBox {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
    mass: a.mass + b.mass,
    members: new Set([...a.members, ...b.members]),
  };
}

/** Runs of glyphs (sorted left to right) each closer than {@link NEAR_GAP} digit heights to the next. */
function nearClusters(glyphs: GlyphBox[], height: number): GlyphBox[][] {
  const clusters: GlyphBox[][] = [];
  for (const glyph of glyphs) {
    const current = clusters.at(-1);
    const previous = current?.at(-1);
    if (current && previous && glyph.x - (previous.x + previous.width) < height * NEAR_GAP)
      current.push(glyph);
    else clusters.push([glyph]);
  }
  return clusters;
}

/** The ink of the glyph's own components over its box (other marks inside the box left out),
 * made once per glyph: each of its parts is then a copy of some of its columns. */
function memberInk(ink: FloatImage, labels: Int32Array, glyph: GlyphBox): FloatImage {
  const data = new Float32Array(glyph.width * glyph.height);
  for (let y = 0; y < glyph.height; y++) {
    const row = (glyph.y + y) * ink.width + glyph.x;
    for (let x = 0; x < glyph.width; x++)
      if (glyph.members.has(labels[row + x] as number))
        data[y * glyph.width + x] = ink.data[row + x] as number;
  }
  return { width: glyph.width, height: glyph.height, data };
}

/** The glyph's ink between its columns `from` and `to` (exclusive), specks of a cut removed,
 * and its box. */
function partInk(
  glyphInk: FloatImage,
  from: number,
  to: number,
  /** removeSpecks' share; its own default (as for a single digit) when the part was not cut. */
  speckShare: number | undefined,
): { ink: FloatImage; box: Box } | undefined {
  const width = to - from;
  const data = new Float32Array(width * glyphInk.height);
  for (let y = 0; y < glyphInk.height; y++) {
    const row = y * glyphInk.width + from;
    data.set(glyphInk.data.subarray(row, row + width), y * width);
  }
  const crop: FloatImage = { width, height: glyphInk.height, data };
  const box = removeSpecks(crop, speckShare);
  if (!box) return undefined;
  return { ink: crop, box };
}

/**
 * Candidate cuts across a wide glyph: the valleys of its column ink profile (lightly smoothed),
 * least ink first, each at least {@link MIN_PART} of a digit from the edges and from each other;
 * returned left to right with their cost.
 */
function cutPoints(
  ink: FloatImage,
  labels: Int32Array,
  glyph: GlyphBox,
  height: number,
): { x: number; ink: number }[] {
  const raw = new Float64Array(glyph.width);
  for (let y = glyph.y; y < glyph.y + glyph.height; y++) {
    const row = y * ink.width;
    for (let x = 0; x < glyph.width; x++) {
      const at = row + glyph.x + x;
      if (glyph.members.has(labels[at] as number)) raw[x] = (raw[x] as number) + (ink.data[at] as number);
    }
  }
  const profile = raw.map((v, x) => (v + (raw[x - 1] ?? v) + (raw[x + 1] ?? v)) / 3);
  const margin = Math.max(2, Math.round(height * MIN_PART));
  const valleys: number[] = [];
  for (let x = margin; x <= glyph.width - margin; x++) {
    const v = profile[x] as number;
    if (v <= (profile[x - 1] as number) && v <= (profile[x + 1] ?? Infinity)) valleys.push(x);
  }
  valleys.sort((a, b) => (profile[a] as number) - (profile[b] as number));
  const most = glyph.width >= height * FEW_CUTS_WIDTH ? MAX_CUTS : 1;
  const chosen: number[] = [];
  for (const x of valleys) {
    if (chosen.every((c) => Math.abs(c - x) >= margin)) chosen.push(x);
    if (chosen.length >= most) break;
  }
  if (glyph.width >= height * DENSE_WIDTH) {
    const step = Math.max(1, Math.round(height * CUT_STEP));
    for (let x = step; x < glyph.width - 1; x += step)
      if (chosen.every((c) => Math.abs(c - x) >= 2)) chosen.push(x);
  }
  const mean = profile.reduce((sum, v) => sum + v, 0) / Math.max(1, glyph.width);
  return chosen
    .sort((a, b) => a - b)
    .map((x) => ({ x: glyph.x + x, ink: (profile[x] as number) / Math.max(1e-9, mean) }));
}

/** Splits the digits at gaps wider than {@link GROUP_GAP} digit heights. */
function groupDigits(digits: NumberDigit[], height: number): string[] {
  const groups: string[] = [];
  let current = '';
  let right = -Infinity;
  for (const d of digits) {
    if (current && d.box.x - right > height * GROUP_GAP) {
      groups.push(current);
      current = '';
    }
    current += String(d.digit);
    right = Math.max(right, d.box.x + d.box.width);
  }
  if (current) groups.push(current);
  return groups;
}

/** One digit as the app, the CLI and `POST /api/read` report it. */
export interface NumberDigitAnswer {
  digit: number;
  probability: number;
  box: Box;
  lowConfidence: boolean;
}

/** A number as the app, the CLI and `POST /api/read` report it: the same fields everywhere. */
export interface NumberAnswer {
  number: string;
  digits: NumberDigitAnswer[];
  groups?: string[];
}

/**
 * The model's own answer for a digit's input (its top of `probabilities`): what the caches keep
 * under the input's hash, since `POST /api/predict` would answer it for that input alone. The
 * reading's `digit` weighs the number head too and can differ for a cut part.
 */
export function ownAnswer({ probabilities }: Pick<NumberDigit, 'probabilities'>): {
  digit: number;
  probability: number;
  probabilities: number[];
} {
  const { digit, p } = topOf({ probabilities });
  return { digit, probability: p, probabilities };
}

/** The reading without the model inputs and the ten probabilities (JSON for the user). */
export function toNumberAnswer(reading: NumberReading): NumberAnswer {
  const answer: NumberAnswer = {
    number: reading.number,
    digits: reading.digits.map(({ digit, probability, box, lowConfidence }) => ({
      digit,
      probability,
      box: { ...box },
      lowConfidence,
    })),
  };
  if (reading.groups) answer.groups = [...reading.groups];
  return answer;
}
