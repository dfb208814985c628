import { planNumber, synthetic, type DigitScores } from '@cifra/digits';
import { describe, expect, it } from 'vitest';
import { misreadLabels } from './number-parts.ts';
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
