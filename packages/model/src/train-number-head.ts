/**
 * `npm run train:number-head -w packages/model [-- --numbers 6000 --mnist 20000 --epochs 12
 * --seed 77 --mine 10000 --rounds 4 --mine-weight 6 --reads LAYER|none --root DIR]` (issue #12):
 * trains the committed model's number head (number-head.ts) on what the model makes of the
 * parts of generated numbers (`Predictor.numberHeadInputs`: layer `--reads`'s maps, then the
 * features), then in
 * `--rounds` rounds on what it still misreads in `--mine` other numbers (each such part counted
 * `--mine-weight` times; `--mine 0` skips them), and publishes the model with it as a new
 * version: the same model files plus `number-head.bin` (uint8, like the model's weights), listed
 * in the manifest with its SHA-256, so the edge signs it, the app caches and checks it, and the
 * CLI and the edge load it like any model file. The model's own weights and answers are
 * unchanged. About 18 minutes on wasm: the conv layers run once per sample, only the head
 * trains.
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { modelManifestSchema, type ModelManifest } from '@cifra/contracts';
import { numberFlag, parseArgs, stringFlag } from './args.ts';
import { publishModelVersion } from './export.ts';
import { modelVersion, sha256Hex } from './hashing.ts';
import { loadMnist, PIXELS } from './mnist.ts';
import { NUMBER_HEAD_CLASSES, partScores, trainNumberHead, type DenseWeights } from './number-head.ts';
import { misreadLabels, numberParts, plannedNumbers } from './number-parts.ts';
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
const mine = numberFlag(flags, 'mine', 10000);
const rounds = numberFlag(flags, 'rounds', 4);
const mineWeight = numberFlag(flags, 'mine-weight', 6);
// The second pooling's 5x5x64 maps still show the ink a cut left behind, which the features
// after the last conv blur: reading both catches more slivers and merged pairs (BENCHMARKS.md).
const readsFlag = stringFlag(flags, 'reads', 'max_pooling2d_MaxPooling2D2');
const reads = readsFlag === 'none' ? null : readsFlag;
const root = resolve(stringFlag(flags, 'root', publicModelDir()));
const log = (line: string): void => console.log(`[${new Date().toISOString()}] ${line}`);

const predictor = await loadCommittedPredictor(root);
const { manifest, dir } = readCurrentManifest(root);
// What the head reads per input (and a --reads the model lacks refused before the long work).
const size = (() => {
  const probe = predictor.numberHeadInputs([new Uint8Array(PIXELS)], reads);
  probe.dispose();
  return probe.shape[1];
})();
const train = loadMnist('train');
log(`segmenting ${numbers} numbers of training digits (seed ${seed})`);
const parts = numberParts(train, numbers, seed);
for (let i = 0; i < Math.min(mnist, train.count); i++) {
  parts.inputs.push(train.images.subarray(i * PIXELS, (i + 1) * PIXELS));
  parts.labels.push(train.labels[i] as number);
}
log(`${parts.digits} segmented digits, ${parts.outliers} parts that are none, ${mnist} MNIST digits`);

const base = predictor.headWeights();
const featuresOf = (inputs: readonly Uint8Array[]): Float32Array => {
  const out = new Float32Array(inputs.length * size);
  for (let from = 0; from < inputs.length; from += 256) {
    const batch = predictor.numberHeadInputs(inputs.slice(from, from + 256), reads);
    out.set(batch.dataSync() as Float32Array, from * size);
    batch.dispose();
  }
  return out;
};
const features = featuresOf(parts.inputs);
log('features computed');
/** A head trained on the base samples plus `extra` ones (features, [samples x size], and labels). */
const trainHead = (extra = new Float32Array(0), extraLabels: readonly number[] = []): DenseWeights => {
  const all = new Float32Array(features.length + extra.length);
  all.set(features);
  all.set(extra, features.length);
  return trainNumberHead(all, [...parts.labels, ...extraLabels], base, {
    rowSize: size,
    epochs,
    onEpoch: (epoch, loss) => log(`epoch ${epoch + 1}/${epochs}: loss ${loss.toFixed(4)}`),
  });
};
let head = trainHead();

// Hard examples, in rounds: the numbers that the reading with the head so far gets wrong (other
// numbers of training digits) teach the next head, started afresh on everything found so far.
if (mine > 0) {
  const planned = plannedNumbers(train, mine, seed + 1);
  const inputs = planned.flatMap((number) => number.plan.inputs);
  const probabilities: ArrayLike<number>[] = [];
  for (let from = 0; from < inputs.length; from += 256)
    for (const p of predictor.predictSync(inputs.slice(from, from + 256)))
      probabilities.push(p.probabilities);
  const mineFeatures = featuresOf(inputs);
  log(`${planned.length} numbers to read, ${inputs.length} candidate parts`);
  // By input and label: a part found again in a later round counts once.
  const hard = new Map<string, { input: number; label: number }>();
  for (let round = 1; round <= rounds; round++) {
    const { wholeDigit, partProbabilities } = partScores(mineFeatures, head);
    const digits = NUMBER_HEAD_CLASSES - 1;
    let misread = 0;
    let offset = 0;
    for (const number of planned) {
      const scores = number.plan.inputs.map((_, i) => ({
        probabilities: probabilities[offset + i] as ArrayLike<number>,
        wholeDigit: wholeDigit[offset + i] as number,
        partProbabilities: partProbabilities.subarray((offset + i) * digits, (offset + i + 1) * digits),
      }));
      const labels = misreadLabels(number, scores);
      if (labels.length > 0) misread++;
      for (const { input, label } of labels)
        hard.set(`${offset + input}:${label}`, { input: offset + input, label });
      offset += number.plan.inputs.length;
    }
    log(
      `round ${round}: ${misread} of ${planned.length} misread (and readable from their parts); ${hard.size} hard parts so far`,
    );
    const found = [...hard.values()];
    const extra = new Float32Array(found.length * mineWeight * size);
    const extraLabels: number[] = [];
    for (let copy = 0; copy < mineWeight; copy++)
      found.forEach(({ input, label }, i) => {
        extra.set(mineFeatures.subarray(input * size, (input + 1) * size), (copy * found.length + i) * size);
        extraLabels.push(label);
      });
    head = trainHead(extra, extraLabels);
  }
}

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
  // Builds that know only schema 1 would drop `reads` and misread the head: they refuse 2.
  schemaVersion: reads === null ? 1 : 2,
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
    ...(reads === null ? {} : { reads }),
    command: `npm run train:number-head -w packages/model -- --numbers ${numbers} --mnist ${mnist} --epochs ${epochs} --seed ${seed}${mine > 0 ? ` --mine ${mine} --rounds ${rounds} --mine-weight ${mineWeight}` : ''} --reads ${readsFlag}`,
  },
  training,
});
const target = publishModelVersion(root, staging, next);
log(`published ${next.version} (number head ${bytes.byteLength} bytes) → ${target}`);
