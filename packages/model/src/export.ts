/**
 * Export: float32 model → uint8-quantised layers model in shards under
 * public/model/<version>/, with manifest.json, and public/model/current.json pointing at it.
 * Accuracy recorded in the manifest is measured on the written (quantised) files, loaded
 * back the way the app loads them.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import {
  currentModelSchema,
  modelManifestSchema,
  type CurrentModel,
  type ModelManifest,
} from '@cifra/contracts';
import { evaluate } from './evaluate.ts';
import { modelVersion, sha256Hex } from './hashing.ts';
import type { MnistSplit } from './mnist.ts';
import { captureArtifacts, loadModelFromDir, writeModelFiles } from './model-files.ts';
import { publicModelDir } from './paths.ts';
import { quantizeArtifacts } from './quantize.ts';
import type { EpochLog, TrainOptions } from './train-loop.ts';

/** Shards of 64 KiB: the ~83 KB of weights travel as two files the app can verify and cache
 * one by one, as the converter's multi-shard format expects. */
export const SHARD_BYTES = 64 * 1024;

export interface TrainingRecord {
  epochs: EpochLog[];
  totalSeconds: number;
  options: Pick<TrainOptions, 'arch' | 'seed' | 'epochs' | 'batchSize'>;
  /** The command that made the model, when it was not a plain `npm run train`. */
  command?: string;
}

export async function exportModel(
  model: TF.LayersModel,
  test: MnistSplit,
  training: TrainingRecord,
  log: (line: string) => void,
  root = publicModelDir(),
): Promise<ModelManifest> {
  const float = await evaluate(model, test);
  log(`float32 test accuracy ${(float.accuracy * 100).toFixed(2)}%`);
  const quantized = quantizeArtifacts(await captureArtifacts(model));
  const staging = join(root, `.staging-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  const names = writeModelFiles(staging, quantized, SHARD_BYTES);
  const reloaded = await loadModelFromDir(staging);
  const q = await evaluate(reloaded, test);
  reloaded.dispose();
  log(`uint8 test accuracy ${(q.accuracy * 100).toFixed(2)}%`);
  const files = names.map((path) => {
    const bytes = readFileSync(join(staging, path));
    return { path, sha256: sha256Hex(bytes), bytes: bytes.byteLength };
  });
  const version = modelVersion(files);
  const last = training.epochs.at(-1);
  const manifest: ModelManifest = modelManifestSchema.parse({
    schemaVersion: 1,
    version,
    format: 'tfjs-layers-model',
    modelFile: 'model.json',
    files,
    input: {
      shape: [1, 28, 28, 1],
      dtype: 'float32',
      range: [0, 1],
      polarity: 'ink-high',
      preprocessing: '@cifra/digits toModelInput',
    },
    labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    quantization: { dtype: 'uint8' },
    parameters: model.countParams(),
    weightBytes: files.filter((f) => f.path.endsWith('.bin')).reduce((n, f) => n + f.bytes, 0),
    accuracy: {
      dataset: 'mnist-test-10k',
      quantized: q.accuracy,
      float32: float.accuracy,
      perClass: q.perClass,
    },
    training: {
      architecture: training.options.arch,
      seed: training.options.seed,
      epochs: last?.epoch ?? training.options.epochs,
      batchSize: training.options.batchSize,
      secondsTotal: Math.round(training.totalSeconds),
      secondsPerEpoch: Math.round(
        training.epochs.reduce((n, e) => n + e.seconds, 0) / Math.max(1, training.epochs.length),
      ),
      command:
        training.command ??
        `npm run train -w packages/model -- --epochs ${training.options.epochs} --seed ${training.options.seed}`,
    },
  });
  const target = publishModelVersion(root, staging, manifest);
  log(
    `exported ${version}: ${manifest.weightBytes} weight bytes in ${files.length - 1} shard(s) → ${target}`,
  );
  return manifest;
}

/**
 * Makes the files in `staging` (the manifest's, without manifest.json) the committed model:
 * writes the manifest, moves the folder to `<root>/<version>`, removes other version folders
 * (one committed model at a time: older ones would only bloat the repository) and points
 * current.json at it. Returns the version folder.
 */
export function publishModelVersion(root: string, staging: string, manifest: ModelManifest): string {
  const { version } = manifest;
  writeFileSync(join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const target = join(root, version);
  if (existsSync(target)) rmSync(target, { recursive: true });
  renameSync(staging, target);
  for (const entry of readdirSync(root)) {
    if (/^[0-9a-f]{12}$/.test(entry) && entry !== version) rmSync(join(root, entry), { recursive: true });
  }
  const current: CurrentModel = currentModelSchema.parse({ version, manifest: `${version}/manifest.json` });
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'current.json'), `${JSON.stringify(current, null, 2)}\n`);
  return target;
}
