import { describe, expect, it } from 'vitest';
import { NoInkError, TooManyDigitsError } from './errors.ts';
import {
  chooseReading,
  defaultWeights,
  DIGIT_HEIGHT,
  LOW_CONFIDENCE,
  MODEL_ONLY_WEIGHTS,
  READING_WEIGHTS,
  MAX_DIGITS,
  MAX_INK_WIDTH,
  MIN_CUT_PART,
  NUMBER_WORKING_SIZE,
  ownAnswer,
  planNumber,
  readingAs,
  toNumberAnswer,
  type DigitScores,
} from './number.ts';
import { drawStrokes, ring, seven, type Point } from './synthetic.ts';

/** Strokes of unit-square digits placed side by side: digit i's square starts at x = offsets[i]. */
function row(
  digits: Point[][][],
  offsets: number[],
  size = 60,
  width = 400,
  height = 100,
): ReturnType<typeof drawStrokes> {
  const strokes = digits.flatMap((digit, i) =>
    digit.map((stroke) => stroke.map(([x, y]) => [(offsets[i] as number) + x, y] as Point)),
  );
  return drawStrokes({ width, height, strokes, thickness: 6, at: [0, 20], size });
}

const one: Point[][] = [
  [
    [0.5, 0.1],
    [0.5, 0.9],
  ],
];
const zero: Point[][] = [ring()];
/** A wide 0 (0.9 of the height wide) for the "1 next to a wide 0" case. */
const wideZero: Point[][] = [
  Array.from({ length: 49 }, (_, i) => {
    const t = (i / 48) * 2 * Math.PI;
    return [0.5 + 0.42 * Math.cos(t), 0.5 + 0.42 * Math.sin(t)] as Point;
  }),
];
/** Two 1s, the second's flag starting on the first's stem: touching 1s. */
const ones: Point[][] = [
  [
    [0.5, 0.1],
    [0.5, 0.9],
  ],
  [
    [0.5, 0.35],
    [1.0, 0.1],
    [1.0, 0.9],
  ],
];
/** A 4 drawn in two strokes that do not touch: one glyph all the same. */
const brokenFour: Point[][] = [
  [
    [0.45, 0.1],
    [0.2, 0.6],
    [0.5, 0.6],
  ],
  [
    [0.66, 0.3],
    [0.66, 0.9],
  ],
];

/** Scores that make every input read `digit` with probability `p`. */
function scoresOf(count: number, pick: (index: number) => [number, number]): DigitScores[] {
  return Array.from({ length: count }, (_, index) => {
    const [digit, p] = pick(index);
    const probabilities = new Array<number>(10).fill((1 - p) / 9);
    probabilities[digit] = p;
    return { probabilities };
  });
}

/** Number of digits a plan would read when every segment is equally sure: one per glyph. */
function glyphCount(image: ReturnType<typeof drawStrokes>): number {
  const plan = planNumber(image);
  return chooseReading(
    plan,
    scoresOf(plan.inputs.length, () => [1, 0.99]),
  ).digits.length;
}

describe('planNumber', () => {
  it('finds one glyph per separated digit, left to right, with boxes in picture pixels', () => {
    const image = row([one, zero, seven], [0.2, 1.6, 3.0]);
    const plan = planNumber(image);
    const reading = chooseReading(
      plan,
      scoresOf(plan.inputs.length, () => [1, 0.99]),
    );
    expect(reading.digits).toHaveLength(3);
    const xs = reading.digits.map((d) => d.box.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    // The 1 is at x = 0.2 * 60 + 0.5 * 60 = 42 (its stroke is 6 px thick).
    expect(reading.digits[0]?.box.x).toBeGreaterThanOrEqual(36);
    expect(reading.digits[0]?.box.x).toBeLessThanOrEqual(42);
    for (const d of reading.digits) expect(d.box.height).toBeGreaterThan(40);
  });

  it('gives boxes in the picture’s own pixels when the picture is reduced to read it', () => {
    // 2200 px wide: read at 1024, boxes scaled back. The 1 is at x = 4 * 250 + 0.5 * 250 = 1125.
    const image = drawStrokes({
      width: 2200,
      height: 300,
      strokes: [...one, ...zero].map((stroke, i) =>
        stroke.map(([x, y]) => [x + (i === 0 ? 4 : 5), y] as Point),
      ),
      thickness: 20,
      at: [0, 25],
      size: 250,
    });
    const plan = planNumber(image);
    const [first, second] = chooseReading(
      plan,
      scoresOf(plan.inputs.length, () => [1, 0.99]),
    ).digits;
    expect(first?.box.x).toBeGreaterThan(1100);
    expect(first?.box.x).toBeLessThan(1125);
    expect(first?.box.height).toBeGreaterThan(180);
    expect(second?.box.x).toBeGreaterThan(1280); // The 0 starts at 5.22 * 250 - 10 = 1295.
  });

  it('reads big digits (a number drawn on the pad) reduced until a digit is DIGIT_HEIGHT px tall', () => {
    // The app's number pad: 980 x 280, digits about 200 px tall, strokes 20 px.
    const strokes = [one, zero, seven].flatMap((digit, i) =>
      digit.map((stroke) => stroke.map(([x, y]) => [x + 0.3 + i * 1.2, y] as Point)),
    );
    const image = drawStrokes({ width: 980, height: 280, strokes, thickness: 20, at: [0, 30], size: 220 });
    const plan = planNumber(image);
    const workingHeight = plan.digitHeight * plan.scale;
    expect(workingHeight).toBeGreaterThan(DIGIT_HEIGHT * 0.8);
    expect(workingHeight).toBeLessThan(DIGIT_HEIGHT * 1.25);
    const digits = chooseReading(
      plan,
      scoresOf(plan.inputs.length, () => [1, 0.99]),
    ).digits;
    expect(digits).toHaveLength(3);
    // Boxes stay in the picture's pixels: the 1's stroke is at x = (0.3 + 0.5) * 220 = 176.
    expect(digits[0]?.box.x).toBeGreaterThan(150);
    expect(digits[0]?.box.x).toBeLessThan(176);
    expect(digits[0]?.box.height).toBeGreaterThan(160);
  });

  it('reads small digits at the picture’s own size', () => {
    // 22 px digits (16 px and the stroke) in a 400 px picture: nothing to gain from reducing it.
    const plan = planNumber(row([one, zero, seven], [0.5, 2, 3.5], 20));
    expect(plan.scale).toBe(1);
    expect(plan.digitHeight).toBeLessThan(DIGIT_HEIGHT);
  });

  it('falls back to the full working size when a glance cannot see the strokes', () => {
    // 2 px strokes across a 2400 px picture: sampling every 18th pixel misses them, so the
    // digits' height is unknown and the picture is read at NUMBER_WORKING_SIZE, as before.
    const strokes = [one, zero].flatMap((digit, i) =>
      digit.map((stroke) => stroke.map(([x, y]) => [x + 1 + i * 1.5, y] as Point)),
    );
    const image = drawStrokes({ width: 2400, height: 560, strokes, thickness: 2, at: [0, 40], size: 480 });
    const plan = planNumber(image);
    expect(plan.scale).toBeCloseTo(NUMBER_WORKING_SIZE / 2400, 5);
    expect(plan.glyphs).toHaveLength(2);
  });

  it('falls back to the full working size when a glance sees more marks than a number has', () => {
    // A 0 and a 7, 480 px tall, and 230 specks of 2 x 2 dark pixels 18 px apart: sampling every
    // 18th pixel, the glance sees each speck as a solid mark (more than a number may have) and
    // refuses; at the full working size they fade into the paper and the two digits are read.
    const strokes = [[ring()], seven].flatMap((digit, i) =>
      digit.map((stroke) => stroke.map(([x, y]) => [x + 1 + i * 1.5, y] as Point)),
    );
    const image = drawStrokes({ width: 2400, height: 560, strokes, thickness: 20, at: [0, 40], size: 480 });
    expect(planNumber(image).scale).toBeLessThan(0.1);
    const step = 18;
    const columns = [
      ...Array.from({ length: 10 }, (_, i) => i * 3),
      ...Array.from({ length: 13 }, (_, i) => 93 + i * 3),
    ];
    for (let row = 1; row < 29; row += 3)
      for (const column of columns)
        for (const [dx, dy] of [
          [0, 0],
          [1, 0],
          [0, 1],
          [1, 1],
        ] as const) {
          const at = (((row + dy) * step + step / 2) * image.width + (column + dx) * step + step / 2) * 4;
          image.data.fill(0, at, at + 3);
        }
    const plan = planNumber(image);
    expect(plan.scale).toBeCloseTo(NUMBER_WORKING_SIZE / 2400, 5);
    expect(plan.glyphs).toHaveLength(2);
  });

  it('keeps the two strokes of a broken 4 as one digit', () => {
    expect(glyphCount(row([brokenFour], [1]))).toBe(1);
    expect(glyphCount(row([one, brokenFour, one], [0, 1.2, 2.4]))).toBe(3);
  });

  it('keeps a 1 next to a wide 0 apart', () => {
    const image = row([one, wideZero, one, wideZero], [0, 0.7, 1.9, 2.6]);
    expect(glyphCount(image)).toBe(4);
  });

  it('drops specks of noise around the number', () => {
    const image = row([one, zero], [1, 2.2]);
    // Dust: three 2x2 dark dots away from the digits.
    for (const [x, y] of [
      [10, 10],
      [300, 90],
      [380, 30],
    ] as const) {
      for (let dy = 0; dy < 2; dy++)
        for (let dx = 0; dx < 2; dx++)
          image.data.fill(
            0,
            ((y + dy) * image.width + x + dx) * 4,
            ((y + dy) * image.width + x + dx) * 4 + 3,
          );
    }
    expect(glyphCount(image)).toBe(2);
  });

  it('reads a single digit as a one-digit number', () => {
    expect(glyphCount(drawStrokes({ width: 120, height: 120, strokes: seven, thickness: 8 }))).toBe(1);
  });

  it('offers cuts for a glyph wider than a digit, and none for a narrow one', () => {
    // A 0 and a 0 overlapping: one ink component twice as wide as tall.
    const touching = planNumber(row([zero, zero], [1, 1.5]));
    expect(touching.inputs.length).toBeGreaterThan(1);
    const single = planNumber(row([one], [1]));
    expect(single.inputs).toHaveLength(1);
  });

  it('offers cuts for two touching 1s, a glyph narrower than most single digits', () => {
    // The second 1's flag starts on the first 1's stem: one component about 0.7 digit heights
    // wide, as narrow as a 0. Without cuts it could only ever be read as one digit.
    const plan = planNumber(row([ones], [1]));
    const whole = plan.glyphs[0]?.segments.find((s) => s.from === 0 && s.to === plan.glyphs[0]!.points - 1);
    expect(plan.glyphs).toHaveLength(1);
    expect(whole?.width).toBeGreaterThan(0.6);
    expect(whole?.width).toBeLessThan(0.85);
    expect(plan.inputs.length).toBeGreaterThan(1);
    // The model reads the pair as a 1 and every part as a 1; the number head doubts the pair.
    const scores = scoresOf(plan.inputs.length, () => [1, 0.99]).map((score, i) => ({
      ...score,
      wholeDigit: i === whole?.input ? 0.05 : 0.95,
    }));
    expect(chooseReading(plan, scores).number).toBe('11');
  });

  it('scores no sliver between two cuts, and no part wider than a digit but the whole cluster', () => {
    // Three touching 0s: one wide glyph with valley and regular cuts a few pixels apart.
    const plan = planNumber(row([zero, zero, zero], [1, 1.4, 1.8]));
    const [glyph] = plan.glyphs;
    expect(plan.glyphs).toHaveLength(1);
    const last = (glyph?.points ?? 0) - 1;
    const cutTwice = glyph?.segments.filter((s) => glyph.cuts[s.from] && glyph.cuts[s.to]) ?? [];
    expect(cutTwice.length).toBeGreaterThan(3);
    for (const segment of cutTwice) expect(segment.width).toBeGreaterThanOrEqual(MIN_CUT_PART);
    for (const segment of glyph?.segments ?? [])
      if (segment.from !== 0 || segment.to !== last) expect(segment.width).toBeLessThanOrEqual(MAX_INK_WIDTH);
    // The whole cluster stays a reading, however wide: some path always crosses the glyph.
    const whole = glyph?.segments.find((s) => s.from === 0 && s.to === last);
    expect(whole?.width).toBeGreaterThan(MAX_INK_WIDTH);
  });

  it('still offers a 1 that touches digits on both sides, cut with a bit of each', () => {
    // 0, 1, 0 with the 1's stem (x = 114 px) crossing both rings.
    const plan = planNumber(row([zero, one, zero], [1, 1.4, 1.8]));
    const [glyph] = plan.glyphs;
    expect(plan.glyphs).toHaveLength(1);
    const ones = (glyph?.segments ?? []).filter((s) => {
      const box = plan.parts[s.input]?.box;
      return (
        glyph?.cuts[s.from] &&
        glyph.cuts[s.to] &&
        box &&
        box.x <= 114 &&
        box.x + box.width >= 114 &&
        s.width < 0.45
      );
    });
    expect(ones.length).toBeGreaterThan(0);
  });

  it('refuses a blank picture and a picture of more marks than a number has', () => {
    expect(() =>
      planNumber({ width: 50, height: 20, data: new Uint8Array(1000).fill(255), channels: 1 }),
    ).toThrow(NoInkError);
    const dots = MAX_DIGITS + 6;
    const strokes: Point[][] = Array.from({ length: dots }, (_, i) => [
      [i * 0.5 + 0.1, 0.4],
      [i * 0.5 + 0.1, 0.6],
    ]);
    const image = drawStrokes({
      width: dots * 30 + 20,
      height: 60,
      strokes,
      thickness: 8,
      at: [10, 0],
      size: 60,
    });
    expect(() => planNumber(image)).toThrow(TooManyDigitsError);
  });

  it('refuses one stroke as wide as more digits than a number has, before making its cuts', () => {
    // A wavy line across a wide picture: one glyph about 40 digit heights wide.
    const wave: Point[] = Array.from({ length: 81 }, (_, i) => [i * 0.5, 0.4 + 0.2 * Math.sin(i)] as Point);
    const image = drawStrokes({
      width: 1000,
      height: 40,
      strokes: [wave],
      thickness: 3,
      at: [0, 5],
      size: 25,
    });
    // Counted from the ink's width (about 40 digits), not from candidates made.
    expect(() => planNumber(image)).toThrow(
      expect.objectContaining({ code: 'too_many_digits', found: expect.any(Number) }),
    );
    try {
      planNumber(image);
    } catch (error) {
      expect((error as TooManyDigitsError).found).toBeGreaterThan(MAX_DIGITS);
    }
  });

  it('refuses a field of dots as too many marks before merging them, with its own error', () => {
    // 1024 x 1024, a dark pixel every 2 px: 262,144 marks (once a RangeError from spreading
    // them into Math.max, and minutes of pairwise merging).
    const side = 1024;
    const data = new Uint8Array(side * side).fill(255);
    for (let y = 0; y < side; y += 2) for (let x = 0; x < side; x += 2) data[y * side + x] = 0;
    expect(() => planNumber({ width: side, height: side, data, channels: 1 })).toThrow(TooManyDigitsError);
  });
});

describe('chooseReading', () => {
  it('splits a wide glyph where the model is sure of both parts and keeps it whole where it is sure of the whole', () => {
    const plan = planNumber(row([zero, zero], [1, 1.5]));
    const whole = plan.glyphs[0]?.segments.find((s) => s.from === 0 && s.to === plan.glyphs[0]!.points - 1);
    expect(whole).toBeDefined();
    // The model doubts the whole and is sure of every part: the glyph is cut.
    const split = chooseReading(
      plan,
      scoresOf(plan.inputs.length, (i) => (i === whole?.input ? [8, 0.3] : [0, 0.999])),
    );
    expect(split.digits.length).toBeGreaterThan(1);
    // Sure of the whole and doubtful of every part: one digit.
    const kept = chooseReading(
      plan,
      scoresOf(plan.inputs.length, (i) => (i === whole?.input ? [8, 0.999] : [0, 0.3])),
    );
    expect(kept.number).toBe('8');
  });

  it('cuts a glyph the model reads confidently as one digit when the number head doubts it is one whole digit', () => {
    const plan = planNumber(row([zero, zero], [1, 1.5]));
    const whole = plan.glyphs[0]?.segments.find((s) => s.from === 0 && s.to === plan.glyphs[0]!.points - 1);
    expect(whole).toBeDefined();
    // Sure of the whole (an 8) and unsure of every part: alone, the model keeps it whole.
    const scores = scoresOf(plan.inputs.length, (i) => (i === whole?.input ? [8, 0.99] : [0, 0.2]));
    expect(chooseReading(plan, scores).number).toBe('8');
    const doubted = scores.map((score, i) => ({ ...score, wholeDigit: i === whole?.input ? 0.05 : 0.99 }));
    expect(chooseReading(plan, doubted).number).toMatch(/^00+$/);
  });

  it('reads a part as the model’s and the number head’s digit probabilities together, and keeps the model’s own answer beside it', () => {
    const plan = planNumber(row([one, zero], [1, 1.6]));
    // The model alone takes the second glyph for a 6 (0.6); the number head, for a 0 (0.9).
    const scores = scoresOf(plan.inputs.length, (i) => (i === 0 ? [1, 0.99] : [6, 0.6])).map((score, i) => {
      const part = new Array<number>(10).fill(0.1 / 9);
      part[i === 0 ? 1 : 0] = 0.9;
      return { ...score, wholeDigit: 0.95, partProbabilities: part };
    });
    const reading = chooseReading(plan, scores);
    expect(reading.number).toBe('10');
    const zeroRead = reading.digits[1]!;
    // The product, the head's share to the power partDigits, renormalised over all ten: the 0's
    // (0.4/9 × 0.9^k) against the 6's (0.6 × (0.1/9)^k) and eight others' (0.4/9 × (0.1/9)^k).
    const k = READING_WEIGHTS.partDigits;
    const [zeroP, sixP, otherP] = [(0.4 / 9) * 0.9 ** k, 0.6 * (0.1 / 9) ** k, (0.4 / 9) * (0.1 / 9) ** k];
    // Its probability: that weighed reading times the head's chance that the part is whole.
    expect(zeroRead.probability).toBeCloseTo((0.95 * zeroP) / (zeroP + sixP + 8 * otherP), 9);
    // What the caches keep is the model's own answer for the input, not the reading's.
    const input = plan.inputs.indexOf(zeroRead.pixels);
    expect(zeroRead.probabilities).toEqual(Array.from(scores[input]!.probabilities));
    expect(ownAnswer(zeroRead)).toMatchObject({ digit: 6, probability: 0.6 });
    // Without the head's digits (partDigits 0), the model's 6 stands.
    expect(chooseReading(plan, scores, { ...READING_WEIGHTS, partDigits: 0 }).number).toBe('16');
    // A model without a number head prices nothing of it.
    expect(MODEL_ONLY_WEIGHTS.partDigits).toBe(0);
  });

  it('prices readings with the number head’s weights only when every score has its judgement', () => {
    const plain = scoresOf(3, () => [1, 0.9]);
    expect(defaultWeights(plain)).toBe(MODEL_ONLY_WEIGHTS);
    expect(defaultWeights(plain.map((score) => ({ ...score, wholeDigit: 0.9 })))).toBe(READING_WEIGHTS);
    expect(defaultWeights([...plain.slice(1), { ...plain[0]!, wholeDigit: 0.9 }])).toBe(MODEL_ONLY_WEIGHTS);
    expect(READING_WEIGHTS).not.toEqual(MODEL_ONLY_WEIGHTS);
  });

  it('flags digits read below the documented confidence', () => {
    const plan = planNumber(row([one, zero], [1, 2], 30));
    const reading = chooseReading(
      plan,
      scoresOf(plan.inputs.length, (i) => (i === 0 ? [1, 0.99] : [0, LOW_CONFIDENCE - 0.1])),
    );
    expect(reading.digits.map((d) => d.lowConfidence)).toEqual([false, true]);
    expect(reading.digits[1]?.probability).toBeCloseTo(LOW_CONFIDENCE - 0.1, 9);
    expect(toNumberAnswer(reading)).toEqual({
      number: '10',
      digits: reading.digits.map(({ digit, probability, box, lowConfidence }) => ({
        digit,
        probability,
        box,
        lowConfidence,
      })),
    });
  });

  it('flags a digit the model is sure of when the number head doubts it is one whole digit (a merged pair)', () => {
    const plan = planNumber(row([one, zero], [1, 2], 30));
    const sure = scoresOf(plan.inputs.length, (i) => (i === 0 ? [1, 0.99] : [0, 0.99]));
    const whole = (wholeDigit: number) =>
      sure.map((score, i) => (i === 0 ? { ...score, wholeDigit: 1 } : { ...score, wholeDigit }));
    const doubted = chooseReading(plan, whole(0.3));
    expect(doubted.number).toBe('10');
    expect(doubted.digits[1]?.probability).toBeCloseTo(0.99 * 0.3, 9);
    expect(doubted.digits.map((d) => d.lowConfidence)).toEqual([false, true]);
    expect(chooseReading(plan, whole(0.9)).digits.map((d) => d.lowConfidence)).toEqual([false, false]);
  });

  it('splits groups at wide gaps', () => {
    const plan = planNumber(row([one, one, one, one, one], [0, 0.6, 2.2, 2.8, 3.4], 60, 500));
    const reading = chooseReading(
      plan,
      scoresOf(plan.inputs.length, () => [1, 0.99]),
    );
    expect(reading.number).toBe('11111');
    expect(reading.groups).toEqual(['11', '111']);
    const together = planNumber(row([one, one, one], [0, 0.6, 1.2]));
    expect(
      chooseReading(
        together,
        scoresOf(together.inputs.length, () => [1, 0.99]),
      ).groups,
    ).toBeUndefined();
  });

  it('refuses scores that do not match the plan', () => {
    const plan = planNumber(row([one], [1]));
    expect(() => chooseReading(plan, [])).toThrow(RangeError);
  });
});

describe('readingAs', () => {
  it('finds the cheapest parts that read the written number, even where the reading chosen differs', () => {
    const plan = planNumber(row([zero, zero], [1, 1.5]));
    const whole = plan.glyphs[0]?.segments.find((s) => s.from === 0 && s.to === plan.glyphs[0]!.points - 1);
    const scores = scoresOf(plan.inputs.length, (i) => (i === whole?.input ? [8, 0.99] : [0, 0.2]));
    expect(chooseReading(plan, scores).number).toBe('8');
    expect(readingAs(plan, scores, '8')).toEqual([whole?.input]);
    const asZeros = readingAs(plan, scores, '00');
    expect(asZeros).toHaveLength(2);
    expect(asZeros).not.toContain(whole?.input);
    const [left, right] = (asZeros ?? []).map((input) => plan.parts[input]!.box);
    expect(left!.x).toBeLessThan(right!.x);
  });

  it('prices each part as the digit it must be, not as the model’s top digit', () => {
    const plan = planNumber(row([zero, zero], [1, 1.5]));
    const glyph = plan.glyphs[0]!;
    const end = glyph.points - 1;
    // One split into two parts: the model half believes they are 0s; every other part it
    // reads as a 6, surely.
    const first = glyph.segments.find(
      (a) => a.from === 0 && glyph.segments.some((b) => b.from === a.to && b.to === end),
    );
    const second = glyph.segments.find((b) => b.from === first?.to && b.to === end);
    const zeros = new Set([first?.input, second?.input]);
    const scores = scoresOf(plan.inputs.length, (i) => (zeros.has(i) ? [0, 0.5] : [6, 0.95]));
    expect(readingAs(plan, scores, '00')).toEqual([first?.input, second?.input]);
  });

  it('agrees with the reading chosen when asked for the number read', () => {
    const plan = planNumber(row([zero, one, zero, zero], [0.2, 1.3, 2.1, 2.6], 60, 400));
    // Scores that vary by input, so the choice is not a tie.
    const scores = scoresOf(plan.inputs.length, (i) => [i % 10, 0.5 + ((i * 37) % 50) / 100]).map(
      (score, i) => ({ ...score, wholeDigit: 0.3 + ((i * 53) % 70) / 100 }),
    );
    const reading = chooseReading(plan, scores);
    expect(readingAs(plan, scores, reading.number)).toEqual(
      reading.digits.map((digit) => plan.inputs.indexOf(digit.pixels)),
    );
  });

  it('says when no path of parts has the written number of digits', () => {
    // Two glyphs far apart: each is at least one digit, and neither is twenty.
    const plan = planNumber(row([one, zero], [1, 2.5]));
    const scores = scoresOf(plan.inputs.length, () => [1, 0.9]);
    expect(readingAs(plan, scores, '1')).toBeUndefined();
    expect(readingAs(plan, scores, '1'.repeat(20))).toBeUndefined();
    expect(readingAs(plan, scores, '10')).toHaveLength(2);
  });
});
