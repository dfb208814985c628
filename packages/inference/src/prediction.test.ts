import { describe, expect, it } from 'vitest';
import { toPredictions } from './prediction.ts';

describe('toPredictions', () => {
  it('applies softmax per row and picks the most probable digit', () => {
    const logits = Float32Array.from([0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 1, 9, 1, 1, 1, 1, 1, 1, 1, 2]);
    const [first, second] = toPredictions(logits, 2);
    expect(first?.digit).toBe(2);
    expect(second?.digit).toBe(1);
    for (const prediction of [first, second]) {
      expect(prediction?.probabilities.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 12);
      expect(prediction?.probability).toBe(Math.max(...(prediction?.probabilities ?? [])));
    }
    expect(first?.probability).toBeCloseTo(Math.exp(5) / (Math.exp(5) + 9), 12);
  });

  it('does not overflow on large logits', () => {
    const [prediction] = toPredictions(Float32Array.from([1000, 990, -1000, 0, 0, 0, 0, 0, 0, 0]), 1);
    expect(prediction?.digit).toBe(0);
    expect(prediction?.probabilities.every(Number.isFinite)).toBe(true);
    expect(prediction?.probability).toBeCloseTo(1 / (1 + Math.exp(-10)), 9);
  });
});
