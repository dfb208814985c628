/**
 * `npm run tune:numbers [-- --count N --seed S --root DIR]`: fits the weights with which `chooseReading`
 * (@cifra/digits) prices a reading, on numbers of the generator drawn with a seed of their own
 * (not eval:numbers' 1212, so the eval reads numbers the weights never saw). Each picture is segmented and scored by
 * the committed model once (the same pool of MNIST test digits as the eval, other numbers of
 * them); the search then only re-runs the cheap choice: coordinate descent
 * over each weight's multiples, keeping a change when more numbers are read exactly. Prints the
 * weights to put in READING_WEIGHTS (packages/digits/src/number.ts).
 */
import {
  chooseReading,
  DigitsError,
  planNumber,
  READING_WEIGHTS,
  type DigitScores,
  type NumberPlan,
  type ReadingWeights,
} from '@cifra/digits';
import { resolve } from 'node:path';
import { decodeImage } from '@cifra/image-decode';
import { numberFlag, parseArgs } from './args.ts';
import { cliDecodeLimits } from './cli.ts';
import { loadMnist } from './mnist.ts';
import { numberSet, type NumberKind } from './number-set.ts';
import { loadCommittedPredictor } from './predictor.ts';
import { setupTf } from './tf-setup.ts';

/** The tuning set's own seed. */
const TUNE_SEED = 4242;

interface Scored {
  kind: NumberKind;
  digits: string;
  plan: NumberPlan;
  scores: DigitScores[];
}

function exactCounts(
  set: readonly Scored[],
  weights: ReadingWeights,
): { separated: number; touching: number } {
  const right = { separated: 0, touching: 0 };
  for (const item of set)
    if (chooseReading(item.plan, item.scores, weights).number === item.digits) right[item.kind]++;
  return right;
}

async function main(): Promise<void> {
  const { flags } = parseArgs(process.argv.slice(2));
  const args = { count: numberFlag(flags, 'count', 300), seed: numberFlag(flags, 'seed', TUNE_SEED) };
  await setupTf('wasm');
  const root = flags.get('root');
  const predictor = await loadCommittedPredictor(typeof root === 'string' ? resolve(root) : undefined);
  const test = loadMnist('test');
  const set: Scored[] = [];
  for (const item of numberSet(test, args.count, args.seed)) {
    try {
      const plan = planNumber(decodeImage(item.bytes, cliDecodeLimits));
      set.push({
        kind: item.kind,
        digits: item.digits,
        plan,
        scores: await predictor.predictParts(plan.inputs),
      });
    } catch (error) {
      // A picture the reader refuses cannot be read under any weights: it only counts as missed.
      if (!(error instanceof DigitsError)) throw error;
    }
  }
  const score = (w: ReadingWeights) => {
    const right = exactCounts(set, w);
    // Separated numbers must not pay for touching ones: both count, separated twice.
    return { ...right, total: 2 * right.separated + right.touching };
  };
  let best = { ...READING_WEIGHTS };
  let bestScore = score(best);
  console.log('start', JSON.stringify(best), bestScore);
  const factors = [0, 0.25, 0.5, 0.8, 1.25, 2, 4];
  const nudges = [-1, -0.5, -0.2, 0.2, 0.5, 1];
  for (let round = 0; round < 3; round++) {
    let improved = false;
    for (const key of Object.keys(best) as (keyof ReadingWeights)[]) {
      if (key === 'doubt') continue; // The scale: the other weights are relative to it.
      const values = new Set<number>();
      for (const f of factors) values.add(best[key] * f);
      // A term switched off (0) has no multiples: it is tried at a few plain values.
      if (best[key] === 0) for (const v of [0.5, 1, 2, 4, 8]) values.add(v);
      // The per-digit and per-cut prices are log priors and may be negative (more digits are
      // likelier than the model's merged reading says); the rest are penalties.
      const signed = key === 'part' || key === 'cut';
      for (const n of nudges) values.add(signed ? best[key] + n : Math.max(0, best[key] + n));
      for (const value of values) {
        const trial = { ...best, [key]: Number(value.toFixed(3)) };
        const trialScore = score(trial);
        if (trialScore.total > bestScore.total) {
          best = trial;
          bestScore = trialScore;
          improved = true;
        }
      }
    }
    console.log(`round ${round + 1}`, JSON.stringify(best), bestScore);
    if (!improved) break;
  }
  console.log(`of ${args.count} per kind (seed ${args.seed}):`, bestScore);
  console.log(JSON.stringify(best, null, 2));
}

await main();
