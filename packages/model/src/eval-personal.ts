/**
 * `npm run eval:personal [-- --writers 3 --seed 1313 --teach 5 --eval 100 --dir DIR --json --check]`:
 * issue #13's budgets. For each of `--writers` one-writer sets (seeds `--seed`, `--seed`+1, …;
 * writer-set.ts) it writes the samples as PNG files with their CSVs, reads them back through the
 * CLI's own path (`readSampleList`: decode, toModelInput), teaches the committed model `--teach`
 * samples per digit with the app's code and measures that writer's accuracy on `--eval` others
 * per digit, before and after, MNIST test accuracy before and after, and the training time on
 * wasm. --check exits 1 when a budget is missed.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { numberFlag, parseArgs, stringFlag } from './args.ts';
import { loadMnist } from './mnist.ts';
import { packagePath } from './paths.ts';
import { personaliseReport, readSampleList, type PersonaliseReport } from './personalise-cli.ts';
import { loadCommittedPredictor } from './predictor.ts';
import { WRITER_SEED, writerSet, writeWriterSet } from './writer-set.ts';

/** Issue #13's budgets. */
const PERSONAL_BUDGETS = {
  /** The writer's accuracy after teaching. */
  writerAccuracy: 0.99,
  /** The most any digit of the writer may lose. */
  digitDrop: 0.01,
  /** The most MNIST test accuracy may lose. */
  mnistDrop: 0.003,
  /** Training time on wasm here. */
  trainMs: 5000,
} as const;

/** The budgets one report misses, as lines (none: it meets them all). */
function missedBudgets(report: PersonaliseReport): string[] {
  const missed: string[] = [];
  const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
  if (report.after.accuracy < PERSONAL_BUDGETS.writerAccuracy)
    missed.push(`writer accuracy ${pct(report.after.accuracy)} < ${pct(PERSONAL_BUDGETS.writerAccuracy)}`);
  report.before.perDigit.forEach((before, digit) => {
    const after = report.after.perDigit[digit];
    if (
      before !== null &&
      after !== null &&
      after !== undefined &&
      before - after > PERSONAL_BUDGETS.digitDrop
    )
      missed.push(`digit ${digit} ${pct(before)} → ${pct(after)}`);
  });
  const mnistDrop = report.mnist.before - report.mnist.after;
  if (mnistDrop > PERSONAL_BUDGETS.mnistDrop)
    missed.push(`MNIST down ${(mnistDrop * 100).toFixed(2)} points > ${PERSONAL_BUDGETS.mnistDrop * 100}`);
  if (report.trainMs > PERSONAL_BUDGETS.trainMs)
    missed.push(`trained in ${report.trainMs.toFixed(0)} ms > ${PERSONAL_BUDGETS.trainMs}`);
  return missed;
}

const { flags } = parseArgs(process.argv.slice(2));
const writers = numberFlag(flags, 'writers', 3);
const firstSeed = numberFlag(flags, 'seed', WRITER_SEED);
const teachPerDigit = numberFlag(flags, 'teach', 5);
const evalPerDigit = numberFlag(flags, 'eval', 100);
const dir = resolve(stringFlag(flags, 'dir', packagePath('.training', 'personal')));
const json = flags.has('json');
const log = json ? () => {} : (line: string) => console.log(line);

const predictor = await loadCommittedPredictor();
const mnist = loadMnist('test');
log(
  `model ${predictor.manifest.version}, backend wasm; ${teachPerDigit} taught and ${evalPerDigit} checked per digit`,
);
const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)} %`;
const pct2 = (v: number) => `${(v * 100).toFixed(2)} %`;
const results: { seed: number; report: PersonaliseReport; missed: string[] }[] = [];
for (let w = 0; w < writers; w++) {
  const seed = firstSeed + w;
  const writerDir = join(dir, `writer-${seed}`);
  mkdirSync(writerDir, { recursive: true });
  const csv = writeWriterSet(writerDir, writerSet({ seed, teachPerDigit, evalPerDigit }));
  const report = await personaliseReport(
    predictor,
    await readSampleList(csv.teach),
    await readSampleList(csv.eval),
    { mnist },
  );
  const missed = missedBudgets(report);
  results.push({ seed, report, missed });
  const changed = report.before.perDigit
    .map((before, d) => ({ d, before, after: report.after.perDigit[d] }))
    .filter(({ before, after }) => before !== after)
    .map(({ d, before, after }) => `${d} ${pct(before)} → ${pct(after)}`);
  log(
    `writer ${seed}: ${pct(report.before.accuracy)} → ${pct(report.after.accuracy)}` +
      ` (${changed.length ? changed.join(', ') : 'no digit changed'});` +
      ` MNIST ${pct2(report.mnist.before)} → ${pct2(report.mnist.after)};` +
      ` trained in ${report.trainMs.toFixed(0)} ms; ${report.accepted ? 'kept' : `refused (${report.reason})`}` +
      `${missed.length ? `; MISSED: ${missed.join('; ')}` : ''}`,
  );
}
predictor.dispose();
const trainTimes = results.map((r) => r.report.trainMs).sort((a, b) => a - b);
const medianTrainMs = trainTimes[trainTimes.length >> 1] ?? 0;
const failed = results.filter((r) => r.missed.length > 0).length;
if (json) {
  console.log(
    JSON.stringify(
      {
        budgets: PERSONAL_BUDGETS,
        medianTrainMs,
        writers: results.map(({ seed, report, missed }) => ({ seed, ...report, missed })),
      },
      null,
      2,
    ),
  );
} else {
  log(
    `median training time ${medianTrainMs.toFixed(0)} ms; ${results.length - failed} of ${results.length} writers within every budget`,
  );
}
if (flags.has('check') && failed > 0) process.exitCode = 1;
