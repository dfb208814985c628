/**
 * `npm run fine-tune:numbers -w packages/model [-- --numbers 1500 --outliers 6 --epochs 2 --lr 0.0003
 * --seed 12 --root DIR]` (issue #12): continues training the committed model on MNIST plus what number
 * segmentation shows it. Numbers of MNIST *training* digits (number-set.ts, separated and
 * touching) are segmented by `planNumber` exactly as reading does; each candidate part that
 * matches a written digit (box IoU ≥ 0.8) is a sample of that digit, and each that matches none
 * (IoU < 0.45: a fragment, two digits merged, a cut through the wrong valley) is a sample of
 * "no digit", trained towards equal probabilities for all ten (outlier exposure), so the model
 * stops reading half a 0 as a confident 1. Exports to --root (default
 * .training/numbers-fine-tune/model), never to public/model: whether it replaces the committed
 * model is decided on its numbers (`npm run eval`, `eval:paper`, `eval:numbers`, each with --root).
 */
import { resolve } from 'node:path';
import { createRandom, planNumber, type Box } from '@cifra/digits';
import { numberFlag, parseArgs, stringFlag } from './args.ts';
import { fineTuneCommitted } from './fine-tune.ts';
import { PIXELS, type MnistSplit } from './mnist.ts';
import { NUMBER_KINDS, renderNumber } from './number-set.ts';
import { packagePath } from './paths.ts';
import { NOT_A_DIGIT } from './train-loop.ts';

const { flags } = parseArgs(process.argv.slice(2));
const numbers = numberFlag(flags, 'numbers', 1500);
const epochs = numberFlag(flags, 'epochs', 2);
const learningRate = numberFlag(flags, 'lr', 0.0003);
const seed = numberFlag(flags, 'seed', 12);
/** Wrong parts kept per number (a touching number has dozens: a few, drawn at random). */
const outliersPerNumber = numberFlag(flags, 'outliers', 6);
const root = resolve(stringFlag(flags, 'root', packagePath('.training', 'numbers-fine-tune', 'model')));
const log = (line: string): void => console.log(`[${new Date().toISOString()}] ${line}`);

/** Box overlap: intersection over union. */
function iou(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  const inter = Math.max(0, w) * Math.max(0, h);
  return inter / (a.width * a.height + b.width * b.height - inter);
}

/** Segmented parts of generated numbers of training digits: digits, and parts that are none. */
function segmentSamples(train: MnistSplit, count: number): MnistSplit {
  const random = createRandom(seed);
  const images: Uint8Array[] = [];
  const labels: number[] = [];
  let digits = 0;
  let outliers = 0;
  for (let k = 0; k < count; k++) {
    const picture = renderNumber(train, random, {
      kind: NUMBER_KINDS[k % NUMBER_KINDS.length] ?? 'touching',
    });
    const plan = planNumber(picture.image);
    let outliersHere = 0;
    const order = plan.parts.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      // Fisher–Yates: every order equally likely.
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    order.forEach((index) => {
      const part = plan.parts[index] as (typeof plan.parts)[number];
      let best = 0;
      let label = -1;
      picture.boxes.forEach((box, i) => {
        const overlap = iou(part.box, box);
        if (overlap > best) [best, label] = [overlap, Number(picture.digits[i])];
      });
      const input = plan.inputs[index] as Uint8Array;
      if (best >= 0.8) {
        images.push(input);
        labels.push(label);
        digits++;
      } else if (best < 0.45 && outliersHere++ < outliersPerNumber) {
        images.push(input);
        labels.push(NOT_A_DIGIT);
        outliers++;
      }
    });
  }
  log(`${digits} segmented digits and ${outliers} parts that are no digit, from ${count} numbers`);
  const all = new Uint8Array(images.length * PIXELS);
  images.forEach((input, i) => all.set(input, i * PIXELS));
  return { images: all, labels: Uint8Array.from(labels), count: images.length };
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
