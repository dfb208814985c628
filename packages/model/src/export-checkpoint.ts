/**
 * `npm run export -w packages/model [-- --from .training/run-seed42]`: exports a run's latest
 * checkpoint (e.g. when a run had to stop early), with the training record from its log.
 * `--root DIR` writes somewhere other than public/model.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { numberFlag, parseArgs, stringFlag } from './args.ts';
import { exportModel } from './export.ts';
import { loadMnist } from './mnist.ts';
import type { Architecture } from './network.ts';
import { loadModelFromDir } from './model-files.ts';
import { packagePath, publicModelDir } from './paths.ts';
import { setupTf } from './tf-setup.ts';
import type { EpochLog } from './train-loop.ts';

const { flags } = parseArgs(process.argv.slice(2));
const runDir = resolve(stringFlag(flags, 'from', packagePath('.training', 'run-seed42')));
const logFile = join(runDir, 'epochs.jsonl');
if (!existsSync(join(runDir, 'checkpoint', 'model.json'))) {
  console.error(`no checkpoint in ${runDir}`);
  process.exit(1);
}
await setupTf();
const epochs = existsSync(logFile)
  ? readFileSync(logFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as EpochLog)
  : [];
const model = await loadModelFromDir(join(runDir, 'checkpoint'));
const arch = (model.name.replace(/^cifra_/, '') || 'deep') as Architecture;
await exportModel(
  model,
  loadMnist('test'),
  {
    epochs,
    totalSeconds: epochs.reduce((n, e) => n + e.seconds, 0),
    options: {
      arch,
      seed: numberFlag(flags, 'seed', 42),
      epochs: numberFlag(flags, 'epochs', 30),
      batchSize: numberFlag(flags, 'batch', 64),
    },
  },
  (line) => console.log(line),
  resolve(stringFlag(flags, 'root', publicModelDir())),
);
