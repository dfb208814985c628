/**
 * Continues training the committed model on MNIST plus `extra` samples and exports the result to
 * `root` (never to public/model): what `fine-tune:paper` and `fine-tune:numbers` share. Each
 * script only makes its samples.
 */
import { resolve } from 'node:path';
import { exportModel } from './export.ts';
import { loadMnist, type MnistSplit } from './mnist.ts';
import { loadModelFromDir } from './model-files.ts';
import { readCurrentManifest } from './predictor.ts';
import { setupTf } from './tf-setup.ts';
import { train, type TrainOptions } from './train-loop.ts';

export interface FineTuneOptions {
  epochs: number;
  learningRate: number;
  seed: number;
  /** Where the fine-tuned model's version folder goes. */
  root: string;
  /** Only the first N MNIST training digits (smoke runs). */
  limit?: number;
  /** Makes the extra samples from MNIST's training split. */
  samples: (train: MnistSplit) => MnistSplit;
  /** The command that reproduces the run, for the manifest (the base version is appended). */
  command: string;
}

export async function fineTuneCommitted(opts: FineTuneOptions, log: (line: string) => void): Promise<void> {
  await setupTf();
  const { manifest, dir } = readCurrentManifest();
  const model = await loadModelFromDir(dir);
  const data = { train: loadMnist('train'), test: loadMnist('test') };
  const started = performance.now();
  const extra = opts.samples(data.train);
  log(
    `${extra.count} extra samples in ${((performance.now() - started) / 1000).toFixed(0)} s; fine-tuning ${manifest.version}`,
  );
  const options: TrainOptions = {
    arch: manifest.training.architecture as TrainOptions['arch'],
    epochs: opts.epochs,
    batchSize: 64,
    learningRate: opts.learningRate,
    seed: opts.seed,
    outDir: resolve(opts.root, '..'),
    augment: true,
    initialModel: model,
    extra,
    ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
  };
  const result = await train(options, data, log);
  const totalSeconds = (performance.now() - started) / 1000;
  await exportModel(
    result.model,
    data.test,
    { epochs: result.epochs, totalSeconds, options, command: `${opts.command} (from ${manifest.version})` },
    log,
    opts.root,
  );
}
