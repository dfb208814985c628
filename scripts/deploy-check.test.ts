import { describe, expect, it } from 'vitest';
import { dryRunDeploy } from './deploy-check.ts';

describe('wrangler deploy --dry-run', () => {
  it('bundles the Worker offline, well under the 3 MB gzip limit', async () => {
    const { files, gzipBytes } = await dryRunDeploy();
    expect(files).toContain('index.js');
    expect(gzipBytes).toBeGreaterThan(10_000);
    expect(gzipBytes).toBeLessThan(3 * 1024 * 1024);
  }, 120_000);
});
