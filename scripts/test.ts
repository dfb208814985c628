/**
 * `npm test`: every suite in order — lint, typecheck, build, unit (Node), edge (workerd + real
 * Redis), e2e (Playwright + Debian Chromium + the local stack). Runs them all even when one
 * fails, then prints one closing line, `N passed, N failed`, summed over the suites (lint,
 * typecheck and build count as one check each). Exits non-zero on any failure.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot, wranglerEnv } from './lib/stack.ts';

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

const outputDir = resolve(repoRoot, '.test-output');
const bin = (name: string) => resolve(repoRoot, 'node_modules/.bin', name);

function exec(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((done) => {
    const child = spawn(command, args, {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...process.env, ...wranglerEnv, ...env },
    });
    child.once('error', () => done(127));
    child.once('exit', (code) => done(code ?? 1));
  });
}

/** A suite that is one check: passes when the command exits 0. */
async function check(command: string, args: string[]): Promise<Tally> {
  const code = await exec(command, args);
  return code === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 };
}

function readJson(path: string): Record<string, unknown> | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : undefined;
}

/** A vitest run, counted from its JSON report; a crash without a report counts as one failure. */
async function vitest(name: string, args: string[]): Promise<Tally> {
  const report = resolve(outputDir, `${name}.json`);
  const code = await exec(bin('vitest'), [
    'run',
    ...args,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ]);
  const json = readJson(report);
  if (!json) return { passed: 0, failed: 1, skipped: 0 };
  const failed = Number(json.numFailedTests ?? 0);
  return {
    passed: Number(json.numPassedTests ?? 0),
    // A suite that failed outside any test (e.g. its global setup) still fails the run.
    failed: code !== 0 && failed === 0 ? 1 : failed,
    skipped: Number(json.numPendingTests ?? 0) + Number(json.numTodoTests ?? 0),
  };
}

/** The Playwright run, counted from its JSON report. */
async function playwright(): Promise<Tally> {
  const report = resolve(outputDir, 'e2e.json');
  const code = await exec(
    bin('playwright'),
    ['test', '--config', 'e2e/playwright.config.ts', '--reporter=list,json'],
    {
      PLAYWRIGHT_JSON_OUTPUT_NAME: report,
    },
  );
  const stats = readJson(report)?.stats as Record<string, number> | undefined;
  if (!stats) return { passed: 0, failed: 1, skipped: 0 };
  const failed = (stats.unexpected ?? 0) + (stats.flaky ?? 0);
  return {
    passed: stats.expected ?? 0,
    failed: code !== 0 && failed === 0 ? 1 : failed,
    skipped: stats.skipped ?? 0,
  };
}

const suites: [name: string, run: () => Promise<Tally>][] = [
  ['lint', () => check('npm', ['run', 'lint', '--silent'])],
  ['typecheck', () => check('npm', ['run', 'typecheck', '--silent'])],
  ['build', () => check('npm', ['run', 'build', '--silent'])],
  ['unit', () => vitest('unit', [])],
  ['edge', () => vitest('edge', ['--config', 'apps/edge/vitest.config.ts'])],
  ['e2e', playwright],
];

rmSync(outputDir, { recursive: true, force: true });
mkdirSync(outputDir, { recursive: true });
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
const rows: string[] = [];
for (const [name, run] of suites) {
  console.log(`\n━━ ${name} ━━`);
  const started = Date.now();
  const tally = await run();
  total.passed += tally.passed;
  total.failed += tally.failed;
  total.skipped += tally.skipped;
  rows.push(
    `${name.padEnd(10)} ${String(tally.passed).padStart(4)} passed ${String(tally.failed).padStart(4)} failed  (${((Date.now() - started) / 1000).toFixed(0)} s)`,
  );
}
console.log(`\n${rows.join('\n')}\n`);
console.log(
  `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`,
);
process.exit(total.failed > 0 ? 1 : 0);
