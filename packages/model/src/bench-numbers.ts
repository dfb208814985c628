/**
 * `npm run bench:numbers -w packages/model -- --against REF [--runs 60]`: reads the bench's six
 * 8-digit numbers (`benchNumbers`) with this tree's `planNumber` and `chooseReading` and with
 * those of git commit REF (packages/digits/src as it was there), interleaved in one process on
 * the same model and backend (wasm), and prints each one's median segmentation and total time
 * and its batch. A machine's speed drifts by a third from one hour to the next here; only a
 * comparison within one run says what a change to the segmentation did.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as digits from '@cifra/digits';
import { numberFlag, parseArgs, stringFlag } from './args.ts';
import { loadMnist } from './mnist.ts';
import { benchNumbers } from './number-set.ts';
import { loadCommittedPredictor } from './predictor.ts';
import { median } from './timing.ts';

/** What the comparison takes from either version of @cifra/digits. */
type Reader = Pick<typeof digits, 'planNumber' | 'chooseReading'>;

const DIGITS_SOURCE = 'packages/digits/src';

/** packages/digits/src (tests left out) as it was at `ref`, written to a temporary folder; its
 * modules import one another only, so `number.ts` there loads as it did then. */
function checkOut(ref: string, into: string): void {
  // From the repository's root: ls-tree filters its listing by the folder it runs in.
  const top = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: top, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const commit = git('rev-parse', '--verify', `${ref}^{commit}`).trim();
  const files = git('ls-tree', '--name-only', `${commit}:${DIGITS_SOURCE}`)
    .split('\n')
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
  for (const name of files)
    writeFileSync(join(into, name), git('show', `${commit}:${DIGITS_SOURCE}/${name}`));
}

const { flags } = parseArgs(process.argv.slice(2));
const against = stringFlag(flags, 'against', '');
if (!against) throw new Error('name the commit to compare with: --against REF');
const runs = numberFlag(flags, 'runs', 60);
const folder = mkdtempSync(join(tmpdir(), 'cifra-digits-'));
try {
  checkOut(against, folder);
  const before = (await import(pathToFileURL(join(folder, 'number.ts')).href)) as Reader;
  const readers: [string, Reader][] = [
    [against, before],
    ['this tree', digits],
  ];
  const predictor = await loadCommittedPredictor();
  console.log(`model ${predictor.manifest.version}, wasm, ${runs} runs each, interleaved; median ms`);
  for (const picture of benchNumbers(loadMnist('test'))) {
    const times = readers.map(() => ({ plan: [] as number[], total: [] as number[], batch: 0, read: '' }));
    for (let run = -5; run < runs; run++) {
      // Each reader goes first every other run: neither always reads a warm cache.
      const order = run % 2 === 0 ? [0, 1] : [1, 0];
      for (const index of order) {
        const [, reader] = readers[index] as [string, Reader];
        const time = times[index] as (typeof times)[number];
        const start = performance.now();
        const plan = reader.planNumber(picture.image);
        const planned = performance.now();
        const reading = reader.chooseReading(plan, await predictor.predictParts(plan.inputs));
        const end = performance.now();
        time.batch = plan.inputs.length;
        time.read = reading.number;
        if (run < 0) continue;
        time.plan.push(planned - start);
        time.total.push(end - start);
      }
    }
    const { width, height } = picture.image;
    const cells = readers.map(
      ([name], index) =>
        `${name}: segmentation ${median(times[index]?.plan ?? []).toFixed(2)}, total ` +
        `${median(times[index]?.total ?? []).toFixed(2)} (batch ${times[index]?.batch}, read ${times[index]?.read})`,
    );
    console.log(
      `${picture.kind.padEnd(9)} ${width}x${height} (written ${picture.digits}): ${cells.join(' | ')}`,
    );
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
