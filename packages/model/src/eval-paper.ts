/**
 * `npm run eval:paper [-- --count 200 --seed 1616 --dir DIR --root MODEL_DIR]`: writes the notebook-paper set
 * (paper-set.ts) as JPEG files, reads them back through the CLI's own path (`predictFiles`:
 * decode, toModelInput, the committed model) and reports accuracy per paper kind, and the
 * median preprocessing time of a 1000x1000 squared-paper photo. --root reads another model
 * folder than public/model (a fine-tuned candidate).
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRandom, toModelInput } from '@cifra/digits';
import { numberFlag, parseArgs, stringFlag } from './args.ts';
import { predictFiles } from './cli.ts';
import { loadMnist, PIXELS } from './mnist.ts';
import { packagePath, publicModelDir } from './paths.ts';
import { PAPER_KINDS, PAPER_SEED, paperSet, renderOnPaper, type PaperItem } from './paper-set.ts';
import { loadCommittedPredictor } from './predictor.ts';

const { flags } = parseArgs(process.argv.slice(2));
const count = numberFlag(flags, 'count', 200);
const seed = numberFlag(flags, 'seed', PAPER_SEED);
const dir = resolve(stringFlag(flags, 'dir', packagePath('.training', 'paper')));
// Only photos this script wrote before are removed: --dir may name a folder with other files.
mkdirSync(dir, { recursive: true });
for (const name of readdirSync(dir)) {
  if (/^(squared|lined|plain)-\d{4}-mnist\d+-label\d-q\d+\.jpg$/.test(name)) rmSync(join(dir, name));
}

const test = loadMnist('test');
const items: PaperItem[] = [];
for (const item of paperSet(test, count, seed)) {
  writeFileSync(join(dir, item.name), item.bytes);
  items.push(item);
}
console.log(`wrote ${items.length} photos (${count} per kind, seed ${seed}) to ${dir}`);

const root = resolve(stringFlag(flags, 'root', publicModelDir()));
const predictor = await loadCommittedPredictor(root);
console.log(`model ${predictor.manifest.version} (${root})`);
const results = await predictFiles(
  items.map((item) => join(dir, item.name)),
  predictor,
);
const pct = (ok: number, n: number): string => `${((100 * ok) / n).toFixed(1)} %`;
for (const kind of PAPER_KINDS) {
  const mine = results
    .map((result, i) => ({ result, item: items[i] as PaperItem }))
    .filter(({ item }) => item.kind === kind);
  const right = mine.filter(({ result, item }) => 'digit' in result && result.digit === item.label);
  const failed = mine.filter(({ result }) => 'error' in result).length;
  console.log(
    `${kind.padEnd(8)} ${pct(right.length, mine.length).padStart(7)} (${right.length}/${mine.length}${failed ? `, ${failed} errors` : ''})`,
  );
}

// Preprocessing time of a big photo: a whole squared-paper page, 1000x1000.
const random = createRandom(seed);
const index = Math.floor(random() * test.count);
const page = renderOnPaper(test.images.subarray(index * PIXELS, (index + 1) * PIXELS), 'squared', random, {
  side: 1000,
});
const image = { width: page.width, height: page.height, data: page.rgba, channels: 4 as const };
for (let i = 0; i < 10; i++) toModelInput(image);
const times: number[] = [];
for (let i = 0; i < 60; i++) {
  const start = performance.now();
  toModelInput(image);
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
console.log(
  `toModelInput of a 1000x1000 squared-paper photo: ${(times[times.length >> 1] as number).toFixed(2)} ms median of 60`,
);
