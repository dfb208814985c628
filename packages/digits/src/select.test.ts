import { describe, expect, it } from 'vitest';
import { createRandom } from './random.ts';
import { selectKth } from './select.ts';

/** What selection must equal: the element a full ascending sort puts at index k. */
function sortedAt(values: Float32Array, k: number): number {
  return values.slice().sort()[k] as number;
}

describe('selectKth', () => {
  const random = createRandom(11);
  const shapes: Record<string, (i: number, n: number) => number> = {
    random: () => random() * 255,
    'few distinct values': () => Math.floor(random() * 4),
    'all equal': () => 255,
    ascending: (i) => i,
    descending: (i, n) => n - i,
    'organ pipe': (i, n) => (i < n / 2 ? i : n - i),
  };

  it.each(Object.keys(shapes))('matches a full sort: %s', (shape) => {
    const make = shapes[shape] as (i: number, n: number) => number;
    for (const n of [1, 2, 3, 10, 101, 1000, 4096]) {
      const values = Float32Array.from({ length: n }, (_, i) => make(i, n));
      for (const k of new Set([0, n >> 1, Math.floor((n - 1) * 0.9), n - 1])) {
        expect(selectKth(values.slice(), n, k)).toBe(sortedAt(values, k));
      }
    }
  });

  it('looks only at the first `length` values', () => {
    const values = Float32Array.of(5, 1, 4, 0, 0, 0);
    expect(selectKth(values, 3, 0)).toBe(1);
    expect(selectKth(Float32Array.of(5, 1, 4, 0, 0, 0), 3, 2)).toBe(5);
  });
});
