/**
 * `npm run train -w packages/model [-- --epochs 30 --seed 42 ...]`: trains from scratch on
 * MNIST, writes per-epoch logs and a checkpoint under .training/, then exports the quantised
 * model to public/model (unless --no-export).
 */
import { numberFlag, parseArgs, stringFlag } from './args.ts';
import { loadMnist } from './mnist.ts';
import type { Architecture } from './network.ts';
import { setupTf } from './tf-setup.ts';
import { train, type TrainOptions } from './train-loop.ts';
import { packagePath } from './paths.ts';

const { flags } = parseArgs(process.argv.slice(2));
const seed = numberFlag(flags, 'seed', 42);
const options: TrainOptions = {
  arch: stringFlag(flags, 'arch', 'deep') as Architecture,
  epochs: numberFlag(flags, 'epochs', 30),
  batchSize: numberFlag(flags, 'batch', 64),
  learningRate: numberFlag(flags, 'lr', 0.002),
  seed,
  outDir: stringFlag(flags, 'out', packagePath('.training', `run-seed${seed}`)),
  augment: !flags.has('no-augment'),
  ...(flags.has('limit') ? { limit: numberFlag(flags, 'limit', 0) } : {}),
};

const log = (line: string): void => console.log(`[${new Date().toISOString()}] ${line}`);
await setupTf();
log(`training ${JSON.stringify(options)}`);
const started = performance.now();
const data = { train: loadMnist('train'), test: loadMnist('test') };
const { model, epochs } = await train(options, data, log);
const totalSeconds = (performance.now() - started) / 1000;
log(`trained in ${(totalSeconds / 60).toFixed(1)} min`);
if (!flags.has('no-export')) {
  // Imported late on purpose: exporting is a separate step that can also run on its own.
  const { exportModel } = await import('./export.ts');
  await exportModel(model, data.test, { epochs, totalSeconds, options }, log);
}
