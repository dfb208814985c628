/**
 * `npm run fine-tune:numbers -w packages/model [-- --numbers 1500 --outliers 6 --epochs 2 --lr 0.0003
 * --seed 12 --root DIR]` (issue #12): continues training the committed model on MNIST plus what number
 * segmentation shows it (number-parts.ts): the parts that are digits as those digits, and up to
 * `--outliers` per number that are none trained towards equal probabilities for all ten (outlier
 * exposure). Exports to --root (default .training/numbers-fine-tune/model), never to
 * public/model: whether it replaces the committed model is decided on its numbers (`npm run
 * eval`, `eval:paper`, `eval:numbers`, each with --root). Tried once and not committed (MNIST
 * fell below its budget); the number head (`npm run train:number-head`) is what ships.
 */
import { resolve } from 'node:path';
import { numberFlag, parseArgs, stringFlag } from './args.ts';
import { fineTuneCommitted } from './fine-tune.ts';
import { PIXELS, type MnistSplit } from './mnist.ts';
import { numberParts } from './number-parts.ts';
import { packagePath } from './paths.ts';

const { flags } = parseArgs(process.argv.slice(2));
const numbers = numberFlag(flags, 'numbers', 1500);
const epochs = numberFlag(flags, 'epochs', 2);
const learningRate = numberFlag(flags, 'lr', 0.0003);
const seed = numberFlag(flags, 'seed', 12);
/** Wrong parts kept per number (a touching number has dozens: a few, drawn at random). */
const outliersPerNumber = numberFlag(flags, 'outliers', 6);
const root = resolve(stringFlag(flags, 'root', packagePath('.training', 'numbers-fine-tune', 'model')));
const log = (line: string): void => console.log(`[${new Date().toISOString()}] ${line}`);

/** Segmented parts of generated numbers of training digits: digits, and parts that are none. */
function segmentSamples(train: MnistSplit, count: number): MnistSplit {
  const parts = numberParts(train, count, seed, outliersPerNumber);
  log(
    `${parts.digits} segmented digits and ${parts.outliers} parts that are no digit, from ${count} numbers`,
  );
  const all = new Uint8Array(parts.inputs.length * PIXELS);
  parts.inputs.forEach((input, i) => all.set(input, i * PIXELS));
  return { images: all, labels: Uint8Array.from(parts.labels), count: parts.inputs.length };
}

log(`segmenting ${numbers} numbers of training digits (seed ${seed})`);
await fineTuneCommitted(
  {
    epochs,
    learningRate,
    seed,
    root,
    ...(flags.has('limit') ? { limit: numberFlag(flags, 'limit', 0) } : {}),
    samples: (train) => segmentSamples(train, numbers),
    command: `npm run fine-tune:numbers -w packages/model -- --numbers ${numbers} --outliers ${outliersPerNumber} --epochs ${epochs} --lr ${learningRate} --seed ${seed}`,
  },
  log,
);
