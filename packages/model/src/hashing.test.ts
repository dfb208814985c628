import { describe, expect, it } from 'vitest';
import { modelVersion, sha256Hex } from './hashing.ts';

describe('model version', () => {
  it('is the first 12 hex of SHA-256 over the sorted sha256sum listing', () => {
    const files = [
      { path: 'model.json', sha256: sha256Hex('{}') },
      { path: 'group1-shard1of1.bin', sha256: sha256Hex('x') },
    ];
    const listing = `${sha256Hex('x')}  group1-shard1of1.bin\n${sha256Hex('{}')}  model.json\n`;
    expect(modelVersion(files)).toBe(sha256Hex(listing).slice(0, 12));
    expect(modelVersion([...files].reverse())).toBe(modelVersion(files));
    expect(modelVersion([files[0]!, { ...files[1]!, sha256: sha256Hex('y') }])).not.toBe(modelVersion(files));
  });
});
