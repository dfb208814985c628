/**
 * `npm run fine-tune:paper -w packages/model [-- --photos 6000 --epochs 2 --lr 0.0003 --seed 16
 * --root DIR]` (issue #16): continues training the committed model on MNIST plus photos of
 * MNIST *training* digits on squared, lined and plain paper (paper-set.ts: rules, margins,
 * pens, light, blur, JPEG), each decoded and preprocessed exactly as the app does, so the model
 * sees what ruling removal leaves. Exports the result to --root (default
 * .training/paper-fine-tune/model), never to public/model: whether it replaces the committed
 * model is decided on its numbers (`npm run eval -- --root`, `npm run eval:paper -- --root`).
 */
import { resolve } from 'node:path';
import { createRandom, toModelInput, uniform } from '@cifra/digits';
import { decodeImage } from '@cifra/image-decode';
import { numberFlag, parseArgs, stringFlag } from './args.ts';
import { encodeJpeg } from './encode.ts';
import { fineTuneCommitted } from './fine-tune.ts';
import { PIXELS, type MnistSplit } from './mnist.ts';
import { PAPER_KINDS, renderOnPaper } from './paper-set.ts';
import { packagePath } from './paths.ts';

const { flags } = parseArgs(process.argv.slice(2));
const photos = numberFlag(flags, 'photos', 6000);
const epochs = numberFlag(flags, 'epochs', 2);
const learningRate = numberFlag(flags, 'lr', 0.0003);
const seed = numberFlag(flags, 'seed', 16);
const root = resolve(stringFlag(flags, 'root', packagePath('.training', 'paper-fine-tune', 'model')));
const log = (line: string): void => console.log(`[${new Date().toISOString()}] ${line}`);

/** Photos of training digits on paper, as model inputs: what toModelInput makes of them. */
function paperInputs(train: MnistSplit, count: number): MnistSplit {
  const random = createRandom(seed);
  const images = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  for (let k = 0; k < count; k++) {
    const index = Math.floor(random() * train.count);
    const kind = PAPER_KINDS[k % PAPER_KINDS.length] ?? 'plain';
    const photo = renderOnPaper(train.images.subarray(index * PIXELS, (index + 1) * PIXELS), kind, random);
    const jpeg = encodeJpeg(photo.rgba, photo.width, photo.height, Math.round(uniform(random, 60, 92)));
    images.set(toModelInput(decodeImage(jpeg)).pixels, k * PIXELS);
    labels[k] = train.labels[index] as number;
  }
  return { images, labels, count };
}

log(`rendering ${photos} paper photos of training digits (seed ${seed})`);
await fineTuneCommitted(
  {
    epochs,
    learningRate,
    seed,
    root,
    // --limit N: only the first N MNIST training digits (smoke runs).
    ...(flags.has('limit') ? { limit: numberFlag(flags, 'limit', 0) } : {}),
    samples: (train) => paperInputs(train, photos),
    command: `npm run fine-tune:paper -w packages/model -- --photos ${photos} --epochs ${epochs} --lr ${learningRate} --seed ${seed}`,
  },
  log,
);
