/** Warm inference timing on the current backend (used by eval and bench). */
import type * as TF from '@tensorflow/tfjs';
import { tf } from './tf-setup.ts';

export interface Timing {
  batch: number;
  runs: number;
  medianMs: number;
  p90Ms: number;
}

/** Median time of predict + read-back for `batch` inputs, after `warmup` untimed runs. */
export function timeInference(model: TF.LayersModel, batch: number, runs: number, warmup = 20): Timing {
  const input = new Float32Array(batch * 784);
  for (let i = 0; i < input.length; i++) input[i] = ((i * 7919) % 255) / 255;
  const once = (): number => {
    const start = performance.now();
    tf.tidy(() => {
      const out = model.predict(tf.tensor4d(input, [batch, 28, 28, 1])) as TF.Tensor;
      out.dataSync();
    });
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
