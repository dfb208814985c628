/**
 * `npm run robustness -w packages/model [-- --runs 1000 --dir DIR]`: writes the robustness
 * set (robustness-set.ts) as files, runs the real CLI (`cifra-model predict --json`) over
 * them and reports its accuracy overall, by format and by polarity.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { numberFlag, parseArgs, stringFlag } from './args.ts';
import { loadMnist } from './mnist.ts';
import { packagePath } from './paths.ts';
import { robustnessSet, type RobustnessItem } from './robustness-set.ts';

const { flags } = parseArgs(process.argv.slice(2));
const count = numberFlag(flags, 'runs', 1000);
const dir = resolve(stringFlag(flags, 'dir', packagePath('.training', 'robustness')));
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const items: RobustnessItem[] = [];
for (const item of robustnessSet(loadMnist('test'), count)) {
  writeFileSync(join(dir, item.name), item.bytes);
  items.push(item);
}
writeFileSync(
  join(dir, 'labels.json'),
  `${JSON.stringify(
    items.map(({ name, label, format, polarity }) => ({ name, label, format, polarity })),
    null,
    1,
  )}\n`,
);
console.log(`wrote ${items.length} pictures to ${dir}`);

const started = performance.now();
const run = promisify(execFile);
const bin = packagePath('bin', 'cifra-model.js');
const { stdout } = await run(
  process.execPath,
  [bin, 'predict', '--json', ...items.map((i) => join(dir, i.name))],
  {
    maxBuffer: 256 * 1024 * 1024,
  },
).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '[]' }));
const seconds = (performance.now() - started) / 1000;
const results = JSON.parse(stdout) as ({ file: string; digit: number } | { file: string; error: string })[];
const groups = new Map<string, { n: number; ok: number }>();
const add = (key: string, ok: boolean): void => {
  const g = groups.get(key) ?? { n: 0, ok: 0 };
  g.n++;
  if (ok) g.ok++;
  groups.set(key, g);
};
results.forEach((r, i) => {
  const item = items[i] as RobustnessItem;
  const ok = 'digit' in r && r.digit === item.label;
  add('all', ok);
  add(item.format, ok);
  add(item.polarity, ok);
  if ('error' in r) add('errors', true);
});
for (const [key, g] of groups)
  console.log(`${key.padEnd(14)} ${((100 * g.ok) / g.n).toFixed(2)}% (${g.ok}/${g.n})`);
console.log(
  `CLI time: ${seconds.toFixed(1)} s for ${items.length} files (${((seconds * 1000) / items.length).toFixed(1)} ms per file incl. decode)`,
);
