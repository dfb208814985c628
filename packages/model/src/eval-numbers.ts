/**
 * `npm run eval:numbers [-- --count 500 --seed 1212 --json --check --dir DIR --root DIR]`: generates the
 * numbers set (number-set.ts), reads every picture the way `cifra-model read` does (decode with
 * the CLI's limits, readNumber's steps, the committed model on wasm, one batch per number) and reports
 * exact-number accuracy per kind, digit-count accuracy, per-digit accuracy where the count is
 * right, group accuracy, how many misreads had the written number among the candidates, how
 * many numbers' candidates hold each written digit as a part of its own (and how many of those
 * and of the rest are read exactly), how many misread and right numbers have a digit flagged to
 * check, and the budgets. A report: it exits 0 unless --check is given and a budget is missed.
 * --dir writes the misread pictures there to look at. (`npm run -s … --json` keeps npm's banner
 * out of the JSON.)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chooseReading, DigitsError, planNumber, readingAs } from '@cifra/digits';
import { decodeImage } from '@cifra/image-decode';
import { numberFlag, parseArgs } from './args.ts';
import { cliDecodeLimits } from './cli.ts';
import { loadMnist } from './mnist.ts';
import { hasWrittenParts } from './number-parts.ts';
import { NUMBER_KINDS, NUMBER_SEED, numberSet, type NumberItem, type NumberKind } from './number-set.ts';
import { loadCommittedPredictor } from './predictor.ts';

/** What issue #12 promises on this set. */
const BUDGETS = { separated: 0.97, touching: 0.85, count: 0.98 } as const;

interface Outcome {
  item: NumberItem;
  /** The number read, or the error code when reading failed. */
  read: string | undefined;
  groups: string[] | undefined;
  error?: string;
  /** For a misread number: whether some path of its candidate parts reads the written number
   * (the choice went wrong), or none does (the parts are wrong). */
  reachable?: boolean;
  /** How many candidate inputs went to the model in the number's batch (the inference's cost). */
  candidates?: number;
  /** Whether the candidates hold each written digit as a part of its own (`hasWrittenParts`). */
  writtenParts?: boolean;
  /** Whether the reading flags a digit for the user to check (`lowConfidence`). */
  flagged?: boolean;
}

const { flags } = parseArgs(process.argv.slice(2));
const count = numberFlag(flags, 'count', 500);
const seed = numberFlag(flags, 'seed', NUMBER_SEED);
const json = flags.has('json');
const check = flags.has('check');
const dir = flags.get('dir');

// --root reads with another model folder (a fine-tune's, before it is committed).
const root = flags.get('root');
const predictor = await loadCommittedPredictor(typeof root === 'string' ? resolve(root) : undefined);
const test = loadMnist('test');
const started = performance.now();
const outcomes: Outcome[] = [];
const crashes: string[] = [];
for (const item of numberSet(test, count, seed)) {
  try {
    // readNumber's steps, so a misread can be told apart: a wrong choice or missing parts.
    const plan = planNumber(decodeImage(item.bytes, cliDecodeLimits));
    const scores = await predictor.predictParts(plan.inputs);
    const reading = chooseReading(plan, scores);
    const outcome: Outcome = {
      item,
      read: reading.number,
      groups: reading.groups,
      candidates: plan.inputs.length,
      writtenParts: hasWrittenParts(plan, item.boxes),
      flagged: reading.digits.some((digit) => digit.lowConfidence),
    };
    if (reading.number !== item.digits)
      outcome.reachable = readingAs(plan, scores, item.digits) !== undefined;
    outcomes.push(outcome);
  } catch (err) {
    // A crash on one picture is a bug to see, not a reason to lose the whole report.
    if (!(err instanceof DigitsError))
      crashes.push(`${item.name}: ${err instanceof Error ? err.stack : String(err)}`);
    outcomes.push({
      item,
      read: undefined,
      groups: undefined,
      error: err instanceof DigitsError ? err.code : 'crash',
    });
  }
}
const seconds = (performance.now() - started) / 1000;

const ratio = (ok: number, n: number): number => (n === 0 ? 1 : ok / n);
/** How many of a kind's numbers pass `test`, of how many. */
const tally = (kind: NumberKind, test: (o: Outcome) => boolean): { ok: number; n: number } => {
  const mine = outcomes.filter((o) => o.item.kind === kind);
  return { ok: mine.filter(test).length, n: mine.length };
};
/** Whether the number was read exactly as written. */
const readRight = (o: Outcome): boolean => o.read === o.item.digits;
const exact = (kind: NumberKind): { ok: number; n: number } => tally(kind, readRight);
const countRight = outcomes.filter((o) => o.read?.length === o.item.digits.length);
let digitsOk = 0;
let digitsN = 0;
for (const o of countRight) {
  for (let i = 0; i < o.item.digits.length; i++) if (o.read?.[i] === o.item.digits[i]) digitsOk++;
  digitsN += o.item.digits.length;
}
const grouped = outcomes.filter((o) => o.item.groups);
const groupsOk = grouped.filter((o) => o.groups?.join(' ') === o.item.groups?.join(' ')).length;
const spurious = outcomes.filter((o) => !o.item.groups && o.groups).length;
const separated = exact('separated');
const touching = exact('touching');
const checks = [
  { name: 'separated exact', value: ratio(separated.ok, separated.n), budget: BUDGETS.separated },
  { name: 'touching exact', value: ratio(touching.ok, touching.n), budget: BUDGETS.touching },
  { name: 'digit count', value: ratio(countRight.length, outcomes.length), budget: BUDGETS.count },
].map((c) => ({ ...c, pass: c.value >= c.budget }));
const misreads = outcomes
  .filter((o) => o.read !== o.item.digits)
  .map((o) => ({
    name: o.item.name,
    kind: o.item.kind,
    truth: o.item.digits,
    read: o.read ?? `(${o.error})`,
    reachable: o.reachable ?? false,
  }));
const reachable = misreads.filter((m) => m.reachable).length;

// The batch each number sent to the model: what its inference cost (per kind, mean and most).
const candidates = (kind: NumberKind): { mean: number; max: number } => {
  const sizes = outcomes
    .filter((o) => o.item.kind === kind && o.candidates)
    .map((o) => o.candidates as number);
  const total = sizes.reduce((sum, n) => sum + n, 0);
  return { mean: Number((total / Math.max(1, sizes.length)).toFixed(1)), max: Math.max(0, ...sizes) };
};
const batches = { separated: candidates('separated'), touching: candidates('touching') };

// How often segmentation made the right parts at all (what a better choice could reach), per kind.
const segmented = (o: Outcome): boolean => o.writtenParts === true;
/** A kind's numbers with and without the written parts, and how many of each were read exactly. */
const partsAndReadings = (kind: NumberKind) => ({
  ...tally(kind, segmented),
  readWith: tally(kind, (o) => segmented(o) && readRight(o)).ok,
  readWithout: tally(kind, (o) => !segmented(o) && readRight(o)).ok,
});
const writtenParts = { separated: partsAndReadings('separated'), touching: partsAndReadings('touching') };

// Whether the flags point the user at the misreads: the misread numbers with a digit flagged, and
// the numbers read right that are flagged all the same (per kind).
const flaggedRight = (kind: NumberKind): { ok: number; n: number } => ({
  ok: tally(kind, (o) => readRight(o) && o.flagged === true).ok,
  n: exact(kind).ok,
});
const flagStats = {
  misread: { ok: outcomes.filter((o) => !readRight(o) && o.flagged).length, n: misreads.length },
  right: { separated: flaggedRight('separated'), touching: flaggedRight('touching') },
};

// Accuracy by length shows where segmentation breaks down (long numbers, two-digit ones).
const byLength = new Map<number, { ok: number; n: number }>();
for (const o of outcomes) {
  const row = byLength.get(o.item.digits.length) ?? { ok: 0, n: 0 };
  row.n++;
  if (o.read === o.item.digits) row.ok++;
  byLength.set(o.item.digits.length, row);
}

if (dir !== undefined && dir !== true) {
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  for (const o of outcomes) if (o.read !== o.item.digits) writeFileSync(join(out, o.item.name), o.item.bytes);
}

const report = {
  model: predictor.manifest.version,
  seed,
  countPerKind: count,
  seconds: Number(seconds.toFixed(1)),
  separated: { ...separated, accuracy: ratio(separated.ok, separated.n) },
  touching: { ...touching, accuracy: ratio(touching.ok, touching.n) },
  digitCount: {
    ok: countRight.length,
    n: outcomes.length,
    accuracy: ratio(countRight.length, outcomes.length),
  },
  perDigit: { ok: digitsOk, n: digitsN, accuracy: ratio(digitsOk, digitsN) },
  groups: { ok: groupsOk, n: grouped.length, accuracy: ratio(groupsOk, grouped.length), spurious },
  byLength: Object.fromEntries([...byLength].sort(([a], [b]) => a - b)),
  misreadReachable: reachable,
  candidates: batches,
  writtenParts,
  flags: flagStats,
  budgets: checks,
  misreads,
  crashes,
};

if (json) {
  console.log(JSON.stringify(report, null, 2));
} else {
  const pct = (ok: number, n: number): string => `${(100 * ratio(ok, n)).toFixed(1)} %`.padStart(7);
  console.log(
    `model ${report.model}, seed ${seed}, ${count} per kind (${NUMBER_KINDS.join(', ')}), ${report.seconds} s`,
  );
  console.log(`separated exact  ${pct(separated.ok, separated.n)} (${separated.ok}/${separated.n})`);
  console.log(`touching exact   ${pct(touching.ok, touching.n)} (${touching.ok}/${touching.n})`);
  console.log(
    `digit count      ${pct(countRight.length, outcomes.length)} (${countRight.length}/${outcomes.length})`,
  );
  console.log(
    `per digit        ${pct(digitsOk, digitsN)} (${digitsOk}/${digitsN}, where the count is right)`,
  );
  console.log(
    `groups           ${pct(groupsOk, grouped.length)} (${groupsOk}/${grouped.length}; ${spurious} ungrouped numbers read with groups)`,
  );
  console.log(
    `exact by length  ${[...byLength]
      .sort(([a], [b]) => a - b)
      .map(([length, r]) => `${length}: ${(100 * ratio(r.ok, r.n)).toFixed(0)} %`)
      .join(', ')}`,
  );
  console.log(
    `misread          ${misreads.length}: ${reachable} with the written number among the candidates (the choice went wrong), ${misreads.length - reachable} without`,
  );
  console.log(
    `candidates       ${NUMBER_KINDS.map((kind) => `${kind} ${batches[kind].mean} per number (most ${batches[kind].max})`).join(', ')}`,
  );
  console.log(
    `written parts    ${NUMBER_KINDS.map((kind) => `${kind} ${pct(writtenParts[kind].ok, writtenParts[kind].n).trim()}`).join(', ')} of numbers have each digit as a candidate of its own (box IoU ≥ 0.8)`,
  );
  console.log(
    `  read exactly   ${NUMBER_KINDS.map((kind) => {
      const { ok, n, readWith, readWithout } = writtenParts[kind];
      return `${kind} ${readWith}/${ok} of those, ${readWithout}/${n - ok} of the rest`;
    }).join('; ')}`,
  );
  console.log(
    `flagged          ${flagStats.misread.ok} of ${flagStats.misread.n} misread numbers have a digit flagged to check; of those read right, ${NUMBER_KINDS.map((kind) => `${kind} ${flagStats.right[kind].ok}/${flagStats.right[kind].n}`).join(', ')}`,
  );
  for (const c of checks)
    console.log(
      `${c.pass ? 'PASS' : 'FAIL'} ${c.name} ${(100 * c.value).toFixed(1)} % (budget ≥ ${(100 * c.budget).toFixed(0)} %)`,
    );
  console.log(`misread (${misreads.length}), truth → read:`);
  for (const m of misreads.slice(0, 40))
    console.log(`  ${m.kind.padEnd(9)} ${m.truth} → ${m.read}  ${m.name}`);
  if (misreads.length > 40) console.log(`  … ${misreads.length - 40} more (--json lists all)`);
  if (crashes.length) console.log(`${crashes.length} pictures crashed the reader; the first:\n${crashes[0]}`);
}
// A crash is a failed check too: a reader that throws has not read the number.
process.exitCode = check && (checks.some((c) => !c.pass) || crashes.length > 0) ? 1 : 0;
