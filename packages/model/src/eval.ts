/**
 * `npm run eval -w packages/model`: the committed model on the 10k MNIST test set: accuracy,
 * per class, confusion matrix, inference timing. Exits 1 below the manifest's accuracy − 0.1 pt.
 * `--no-timing` skips the timing.
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs, stringFlag } from './args.ts';
import { checkCommittedModel } from './committed-check.ts';
import { publicModelDir } from './paths.ts';
import { timeInference } from './timing.ts';

const pct = (v: number): string => `${(v * 100).toFixed(2)}%`;
const { flags } = parseArgs(process.argv.slice(2));
// --root DIR checks a model folder other than public/model (tests use it).
const root = resolve(stringFlag(flags, 'root', publicModelDir()));
const { predictor, evaluation, threshold, passed } = await checkCommittedModel(root);
const m = predictor.manifest;
console.log(`model ${m.version}: ${m.parameters} parameters, ${m.weightBytes} weight bytes (uint8)`);
console.log(
  `accuracy ${pct(evaluation.accuracy)} (${evaluation.correct}/${evaluation.count}); manifest ${pct(m.accuracy.quantized)}, float32 ${pct(m.accuracy.float32)}`,
);
console.log(`per class: ${evaluation.perClass.map((a, d) => `${d} ${pct(a)}`).join('  ')}`);
console.log('confusion (rows: true digit, columns: predicted):');
console.log(`     ${[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => String(d).padStart(5)).join('')}`);
evaluation.confusion.forEach((row, d) =>
  console.log(`  ${d}: ${row.map((n) => String(n).padStart(5)).join('')}`),
);
for (const batch of flags.has('no-timing') ? [] : [1, 64]) {
  const t = timeInference(predictor, batch, batch === 1 ? 300 : 50);
  console.log(
    `wasm batch ${batch}: median ${t.medianMs.toFixed(3)} ms, p90 ${t.p90Ms.toFixed(3)} ms (load ${loadavg()[0]?.toFixed(2)})`,
  );
}
if (!passed) {
  console.error(`FAIL: accuracy ${pct(evaluation.accuracy)} is below ${pct(threshold)} (manifest − 0.1 pt)`);
  process.exitCode = 1;
} else {
  console.log(`OK: not below ${pct(threshold)} (manifest − 0.1 pt)`);
}
