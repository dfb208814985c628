import { describe, expect, it } from 'vitest';
import { dryRunDeploy } from './deploy-check.ts';

describe('wrangler deploy --dry-run', () => {
  it('bundles the Worker offline, with its WebAssembly, within 1 MiB gzip', async () => {
    const { files, gzipBytes } = await dryRunDeploy();
    expect(files).toContain('index.js');
    expect(gzipBytes).toBeGreaterThan(10_000);
    // Issue #9's budget for the Worker with tfjs's WebAssembly inside (Cloudflare's limit is 3 MB).
    expect(gzipBytes).toBeLessThan(1024 * 1024);
    expect(files.some((file) => file.endsWith('.wasm'))).toBe(true);
  }, 120_000);
});
