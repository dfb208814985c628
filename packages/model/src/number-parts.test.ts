import { planNumber, synthetic, type DigitScores } from '@cifra/digits';
import { describe, expect, it } from 'vitest';
import { hasWrittenParts, misreadLabels } from './number-parts.ts';
import { NOT_A_DIGIT } from './train-loop.ts';

/** Two 0s drawn so they touch: one glyph, which the reading may cut or keep whole. */
const touchingZeros = planNumber(
  synthetic.drawStrokes({
    width: 400,
    height: 100,
    strokes: [0, 0.5].map((offset) =>
      synthetic.ring().map(([x, y]) => [x + offset + 1, y] as [number, number]),
    ),
    thickness: 6,
    at: [0, 20],
    size: 60,
  }),
);

function scoresOf(count: number, pick: (index: number) => [number, number]): DigitScores[] {
  return Array.from({ length: count }, (_, index) => {
    const [digit, p] = pick(index);
    const probabilities = new Array<number>(10).fill((1 - p) / 9);
    probabilities[digit] = p;
    return { probabilities, wholeDigit: 1 };
  });
}

describe('misreadLabels', () => {
  const glyph = touchingZeros.glyphs[0]!;
  const whole = glyph.segments.find((s) => s.from === 0 && s.to === glyph.points - 1)!;
  // The whole pair read confidently as an 8; every part as a 0, so unsurely that the reading
  // keeps the pair whole despite its width.
  const scores = scoresOf(touchingZeros.inputs.length, (i) => (i === whole.input ? [8, 0.99] : [0, 0.02]));

  it('teaches the parts that read the written number as their digits, and the wrong reading’s parts as not a digit', () => {
    expect(touchingZeros.glyphs).toHaveLength(1);
    const labels = misreadLabels({ digits: '00', plan: touchingZeros }, scores);
    expect(labels.filter((l) => l.label === NOT_A_DIGIT)).toEqual([
      { input: whole.input, label: NOT_A_DIGIT },
    ]);
    const digits = labels.filter((l) => l.label !== NOT_A_DIGIT);
    expect(digits.map((l) => l.label)).toEqual([0, 0]);
    expect(digits.map((l) => l.input)).not.toContain(whole.input);
  });

  it('teaches nothing from a number read right', () => {
    expect(misreadLabels({ digits: '8', plan: touchingZeros }, scores)).toEqual([]);
  });

  it('teaches nothing when no path of parts has the written number of digits', () => {
    expect(misreadLabels({ digits: '0'.repeat(30), plan: touchingZeros }, scores)).toEqual([]);
  });
});

describe('hasWrittenParts', () => {
  const glyph = touchingZeros.glyphs[0]!;
  const end = glyph.points - 1;
  const boxOf = (input: number) => touchingZeros.parts[input]!.box;
  // The two parts either side of the cut that halves the pair most evenly: the two 0s as
  // segmentation made them.
  const halves = glyph.segments
    .filter((s) => s.from === 0 && s.to < end)
    .map((left) => [left, glyph.segments.find((s) => s.from === left.to && s.to === end)] as const)
    .filter((pair) => pair[1] !== undefined)
    .sort(([a, b], [c, d]) => Math.abs(a.width - b!.width) - Math.abs(c.width - d!.width));
  const [left, right] = halves[0]!;

  it('finds each written digit as a part of its own along one path', () => {
    expect(hasWrittenParts(touchingZeros, [boxOf(left.input), boxOf(right!.input)])).toBe(true);
    // The pair whole is one written digit's part too: a path of one part.
    const whole = glyph.segments.find((s) => s.from === 0 && s.to === end)!;
    expect(hasWrittenParts(touchingZeros, [boxOf(whole.input)])).toBe(true);
  });

  it('says no when a written digit has no part of its own, or the digits are out of order', () => {
    const far = { ...boxOf(right!.input), x: boxOf(right!.input).x + 200 };
    expect(hasWrittenParts(touchingZeros, [boxOf(left.input), far])).toBe(false);
    expect(hasWrittenParts(touchingZeros, [boxOf(right!.input), boxOf(left.input)])).toBe(false);
    expect(hasWrittenParts(touchingZeros, [boxOf(left.input)])).toBe(false);
  });
});
