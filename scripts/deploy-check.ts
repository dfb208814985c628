/**
 * `npm run deploy:check`: bundles the Worker exactly as `wrangler deploy` would, offline
 * (`--dry-run`), and reports its size. Exits non-zero when the bundle cannot be built.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { run } from './lib/child-process.ts';
import { repoRoot, wranglerEnv } from './lib/stack.ts';

/** Runs `wrangler deploy --dry-run --outdir <tmp>`; returns the bundle's bytes and gzip bytes. */
export async function dryRunDeploy(): Promise<{ files: string[]; bytes: number; gzipBytes: number }> {
  const outDir = mkdtempSync(join(tmpdir(), 'cifra-deploy-'));
  try {
    await run(join(repoRoot, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', outDir], {
      cwd: repoRoot,
      env: { ...process.env, ...wranglerEnv },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // The script and the modules it imports (tfjs's WebAssembly travels as one).
    const files = readdirSync(outDir).filter((file) => /\.(js|mjs|wasm)$/.test(file));
    const bytes = files.reduce((sum, file) => sum + statSync(join(outDir, file)).size, 0);
    const gzipBytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(outDir, file))).length, 0);
    return { files, bytes, gzipBytes };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { files, bytes, gzipBytes } = await dryRunDeploy();
  console.log(
    `Worker bundle (${files.join(', ')}): ${(bytes / 1024).toFixed(1)} KiB, ${(gzipBytes / 1024).toFixed(1)} KiB gzip`,
  );
}
