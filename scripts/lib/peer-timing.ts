/**
 * bench:peer's measuring, shared by Node and the Chromium page (no Node or DOM APIs here): the
 * Cifra core and onnxruntime-web as two engines that turn the same 784-byte digits into ten
 * probabilities each, their agreement, and side-by-side warm timings.
 */
import type { Predictor } from '@cifra/inference';
import type * as Ort from 'onnxruntime-web';

export const PIXELS = 784;
export const BATCHES = [1, 16, 256] as const;

/** One engine: digits in, probabilities out (row-major, ten per digit). */
export interface Engine {
  name: string;
  run(digits: readonly Uint8Array[]): Promise<ArrayLike<number>>;
}

/** The core through its public API (`predict`: bytes → probabilities, softmax included). */
export function coreEngine(predictor: Predictor): Engine {
  return {
    name: 'cifra',
    async run(digits) {
      const predictions = await predictor.predict(digits);
      return predictions.flatMap((prediction) => prediction.probabilities);
    },
  };
}

/** onnxruntime-web on the exported graph; the bytes → float conversion is timed too. */
export function ortEngine(
  ort: typeof Ort,
  session: Ort.InferenceSession,
  input: string,
  output: string,
): Engine {
  return {
    name: 'ORT',
    async run(digits) {
      const batch = new Float32Array(digits.length * PIXELS);
      digits.forEach((digit, index) => {
        for (let i = 0; i < PIXELS; i++) batch[index * PIXELS + i] = (digit[i] as number) / 255;
      });
      const feeds = { [input]: new ort.Tensor('float32', batch, [digits.length, 28, 28, 1]) };
      const results = await session.run(feeds);
      const probabilities = results[output];
      if (!probabilities) throw new Error(`ORT gave no ${output}`);
      const data = (await probabilities.getData()) as Float32Array;
      probabilities.dispose();
      return data;
    },
  };
}

/** Largest |Δp| between two engines over `digits`, run in batches of `batch`. */
export async function maxDifference(
  a: Engine,
  b: Engine,
  digits: readonly Uint8Array[],
  batch = 256,
): Promise<number> {
  let max = 0;
  for (let start = 0; start < digits.length; start += batch) {
    const chunk = digits.slice(start, start + batch);
    const [pa, pb] = [await a.run(chunk), await b.run(chunk)];
    if (pa.length !== pb.length || pa.length !== chunk.length * 10)
      throw new Error(`answer sizes differ: ${a.name} ${pa.length}, ${b.name} ${pb.length}`);
    for (let i = 0; i < pa.length; i++) max = Math.max(max, Math.abs((pa[i] as number) - (pb[i] as number)));
  }
  return Number.isNaN(max) ? Infinity : max;
}

/** How many timed calls per engine at a batch size: rounds × calls, after warm-up calls. */
export interface TimingPlan {
  warmup: number;
  rounds: number;
  callsPerRound: number;
}

export const defaultPlans: Record<(typeof BATCHES)[number], TimingPlan> = {
  1: { warmup: 50, rounds: 40, callsPerRound: 25 },
  16: { warmup: 10, rounds: 20, callsPerRound: 10 },
  256: { warmup: 3, rounds: 12, callsPerRound: 3 },
};

export interface SideBySide {
  batch: number;
  /** Timed calls per engine. */
  calls: number;
  /** Warm median ms per call, by engine name. */
  medians: Record<string, number>;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/**
 * One side of an interleaved comparison that times its own calls, possibly in another realm (a
 * page): `calls` calls on its first `batch` digits, each call's ms.
 */
export interface TimedSide {
  name: string;
  time(batch: number, calls: number): Promise<number[]>;
}

/** An engine in this realm as a {@link TimedSide} on `digits`. */
export function timedEngine(
  engine: Engine,
  digits: readonly Uint8Array[],
  now: () => number = () => performance.now(),
): TimedSide {
  return {
    name: engine.name,
    async time(batch, calls) {
      const inputs = digits.slice(0, batch);
      if (inputs.length !== batch) throw new Error(`need ${batch} digits, have ${digits.length}`);
      const times: number[] = [];
      for (let call = 0; call < calls; call++) {
        const start = now();
        await engine.run(inputs);
        times.push(now() - start);
      }
      return times;
    },
  };
}

/**
 * Warm medians of two sides at `batch`, interleaved: after each side's warm-up calls, rounds
 * alternate which side goes first, so drifting machine load touches both alike.
 */
export async function timeAlternating(
  sides: readonly [TimedSide, TimedSide],
  batch: number,
  plan: TimingPlan,
): Promise<SideBySide> {
  for (const side of sides) await side.time(batch, plan.warmup);
  const times = new Map(sides.map((side) => [side.name, [] as number[]]));
  for (let round = 0; round < plan.rounds; round++) {
    const order = round % 2 ? [sides[1], sides[0]] : sides;
    for (const side of order) times.get(side.name)?.push(...(await side.time(batch, plan.callsPerRound)));
  }
  return {
    batch,
    calls: plan.rounds * plan.callsPerRound,
    medians: Object.fromEntries([...times].map(([name, values]) => [name, median(values)])),
  };
}

/** {@link timeAlternating} for two engines in this realm on the same `batch` digits. */
export function timeSideBySide(
  engines: readonly [Engine, Engine],
  digits: readonly Uint8Array[],
  batch: number,
  plan: TimingPlan,
  now: () => number = () => performance.now(),
): Promise<SideBySide> {
  if (digits.length < batch) return Promise.reject(new Error(`need ${batch} digits, have ${digits.length}`));
  const [a, b] = engines;
  return timeAlternating([timedEngine(a, digits, now), timedEngine(b, digits, now)], batch, plan);
}
