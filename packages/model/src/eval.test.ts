/**
 * `npm run eval` as a process: exit 0 on the committed model, exit 1 when the model scores
 * more than 0.1 pt below what its manifest records (here: a copy whose manifest claims more).
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { packagePath, publicModelDir } from './paths.ts';

const run = promisify(execFile);
const tsx = packagePath('..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
const evalScript = packagePath('src', 'eval.ts');

describe('npm run eval', () => {
  it('exits 1 below the manifest accuracy − 0.1 pt', async () => {
    const root = mkdtempSync(join(tmpdir(), 'cifra-eval-'));
    cpSync(publicModelDir(), root, { recursive: true });
    const current = JSON.parse(readFileSync(join(root, 'current.json'), 'utf8')) as { manifest: string };
    const manifestPath = join(root, current.manifest);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { accuracy: { quantized: number } };
    const recorded = manifest.accuracy.quantized;
    manifest.accuracy.quantized = Math.min(1, recorded + 0.0015);
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const failed = await run(process.execPath, [tsx, evalScript, '--root', root, '--no-timing']).catch(
      (e: unknown) => e,
    );
    expect(failed).toMatchObject({ code: 1, stderr: expect.stringMatching(/FAIL: accuracy .* is below/) });

    manifest.accuracy.quantized = recorded;
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const ok = await run(process.execPath, [tsx, evalScript, '--root', root, '--no-timing']);
    expect(ok.stdout).toMatch(/OK: not below/);
    expect(ok.stdout).toMatch(/confusion/);
  });
});
