/**
 * Writes the hostile image corpus (scripts/lib/hostile-images.ts) to a folder, with an
 * index.json of what `POST /api/predict` must answer for each file, and prints the list.
 *
 *   npx tsx scripts/make-hostile-images.ts [folder]   (default: .test-output/hostile-images)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { makeHostileImages } from './lib/hostile-images.ts';
import { repoRoot } from './lib/stack.ts';

const folder = resolve(process.argv[2] ?? resolve(repoRoot, '.test-output/hostile-images'));
mkdirSync(folder, { recursive: true });
const corpus = makeHostileImages();
for (const image of corpus) writeFileSync(resolve(folder, image.name), image.bytes);
writeFileSync(
  resolve(folder, 'index.json'),
  `${JSON.stringify(
    corpus.map(({ name, attack, status, code, bytes }) => ({
      name,
      attack,
      status,
      code,
      bytes: bytes.length,
    })),
    null,
    2,
  )}\n`,
);
for (const { name, status, code, bytes } of corpus)
  console.log(`${String(status)} ${code.padEnd(18)} ${String(bytes.length).padStart(8)} B  ${name}`);
console.log(`${corpus.length} files in ${folder}`);
