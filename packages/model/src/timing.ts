/** Warm inference timing of the shipped predictor on the current backend (eval and bench). */
import type { Predictor } from '@cifra/inference';

export interface Timing {
  batch: number;
  runs: number;
  medianMs: number;
  p90Ms: number;
}

/** The middle value (the upper of the two middle ones for an even count) of some timings, in ms. */
export const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[values.length >> 1] as number;

/** Median time of predict + read-back for `batch` inputs, after `warmup` untimed runs. */
export function timeInference(predictor: Predictor, batch: number, runs: number, warmup = 20): Timing {
  const inputs = Array.from({ length: batch }, (_, b) =>
    Uint8Array.from({ length: 784 }, (_, i) => ((b * 784 + i) * 7919) % 255),
  );
  const once = (): number => {
    const start = performance.now();
    predictor.predictSync(inputs);
    return performance.now() - start;
  };
  for (let i = 0; i < warmup; i++) once();
  const times = Array.from({ length: runs }, once).sort((a, b) => a - b);
  return {
    batch,
    runs,
    medianMs: times[Math.floor(runs / 2)] as number,
    p90Ms: times[Math.floor(runs * 0.9)] as number,
  };
}
