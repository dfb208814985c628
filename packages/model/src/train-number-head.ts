/**
 * `npm run train:number-head -w packages/model [-- --numbers 6000 --mnist 20000 --epochs 12
 * --seed 77 --root DIR]` (issue #12): trains the committed model's number head (number-head.ts)
 * and publishes the model with it as a new version: the same model files plus
 * `number-head.bin` (uint8, like the model's weights), listed in the manifest with its SHA-256,
 * so the edge signs it, the app caches and checks it, and the CLI and the edge load it like any
 * model file. The model's own weights and answers are unchanged. Minutes on wasm: the conv
 * layers run once per sample, only the head trains.
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { modelManifestSchema, type ModelManifest } from '@cifra/contracts';
import { numberFlag, parseArgs, stringFlag } from './args.ts';
import { publishModelVersion } from './export.ts';
import { modelVersion, sha256Hex } from './hashing.ts';
import { loadMnist, PIXELS } from './mnist.ts';
import { NUMBER_HEAD_CLASSES, trainNumberHead } from './number-head.ts';
import { numberParts } from './number-parts.ts';
import { publicModelDir } from './paths.ts';
import { loadCommittedPredictor, readCurrentManifest } from './predictor.ts';
import { quantizeUint8 } from './quantize.ts';

/** The number head's file in the version folder. */
export const NUMBER_HEAD_FILE = 'number-head.bin';

const { flags } = parseArgs(process.argv.slice(2));
const numbers = numberFlag(flags, 'numbers', 6000);
const mnist = numberFlag(flags, 'mnist', 20000);
const epochs = numberFlag(flags, 'epochs', 12);
const seed = numberFlag(flags, 'seed', 77);
const root = resolve(stringFlag(flags, 'root', publicModelDir()));
const log = (line: string): void => console.log(`[${new Date().toISOString()}] ${line}`);

const predictor = await loadCommittedPredictor(root);
const { manifest, dir } = readCurrentManifest(root);
const train = loadMnist('train');
log(`segmenting ${numbers} numbers of training digits (seed ${seed})`);
const parts = numberParts(train, numbers, seed);
for (let i = 0; i < Math.min(mnist, train.count); i++) {
  parts.inputs.push(train.images.subarray(i * PIXELS, (i + 1) * PIXELS));
  parts.labels.push(train.labels[i] as number);
}
log(`${parts.digits} segmented digits, ${parts.outliers} parts that are none, ${mnist} MNIST digits`);

const base = predictor.headWeights();
const size = base.kernel.length / base.bias.length;
const features = new Float32Array(parts.inputs.length * size);
for (let from = 0; from < parts.inputs.length; from += 256) {
  const batch = predictor.headInputs(parts.inputs.slice(from, from + 256));
  features.set(batch.dataSync() as Float32Array, from * size);
  batch.dispose();
}
log('features computed');
const head = trainNumberHead(features, parts.labels, base, {
  epochs,
  onEpoch: (epoch, loss) => log(`epoch ${epoch + 1}/${epochs}: loss ${loss.toFixed(4)}`),
});

const kernel = quantizeUint8(head.kernel);
const bias = quantizeUint8(head.bias);
const bytes = new Uint8Array(kernel.bytes.byteLength + bias.bytes.byteLength);
bytes.set(kernel.bytes);
bytes.set(bias.bytes, kernel.bytes.byteLength);

// The same model files, the number head added (or replaced): a new version.
const staging = join(root, `.staging-${process.pid}`);
rmSync(staging, { recursive: true, force: true });
mkdirSync(staging, { recursive: true });
const kept = manifest.files.filter((file) => file.path !== manifest.numberHead?.file);
for (const file of kept) copyFileSync(join(dir, file.path), join(staging, file.path));
writeFileSync(join(staging, NUMBER_HEAD_FILE), bytes);
const files = [...kept, { path: NUMBER_HEAD_FILE, sha256: sha256Hex(bytes), bytes: bytes.byteLength }];
const { training, ...rest } = manifest;
const next: ModelManifest = modelManifestSchema.parse({
  ...rest,
  version: modelVersion(files),
  files,
  numberHead: {
    file: NUMBER_HEAD_FILE,
    kernel: {
      name: 'number_head/kernel',
      shape: [size, NUMBER_HEAD_CLASSES],
      dtype: 'float32',
      quantization: { dtype: 'uint8', min: kernel.min, scale: kernel.scale },
    },
    bias: {
      name: 'number_head/bias',
      shape: [NUMBER_HEAD_CLASSES],
      dtype: 'float32',
      quantization: { dtype: 'uint8', min: bias.min, scale: bias.scale },
    },
    command: `npm run train:number-head -w packages/model -- --numbers ${numbers} --mnist ${mnist} --epochs ${epochs} --seed ${seed}`,
  },
  training,
});
const target = publishModelVersion(root, staging, next);
log(`published ${next.version} (number head ${bytes.byteLength} bytes) → ${target}`);
