/**
 * The manifest contract as the export writes it and the edge/app read it (the schema lives
 * in @cifra/contracts; the edge signs only file names the manifest lists).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentModelSchema, modelManifestSchema } from '@cifra/contracts';
import { publicModelDir } from './paths.ts';

const root = publicModelDir();
const current = currentModelSchema.parse(JSON.parse(readFileSync(join(root, 'current.json'), 'utf8')));
const manifest = JSON.parse(readFileSync(join(root, current.manifest), 'utf8')) as Record<string, unknown>;

describe('model manifest schema', () => {
  it('accepts the committed manifest', () => {
    expect(modelManifestSchema.safeParse(manifest).success).toBe(true);
  });

  it('rejects file names that could escape the version folder', () => {
    const files = manifest['files'] as { path: string }[];
    for (const path of ['../secret', 'a/b.bin', '.hidden', '']) {
      const bad = { ...manifest, files: [{ ...files[0], path }, ...files.slice(1)] };
      expect(modelManifestSchema.safeParse(bad).success).toBe(false);
    }
  });

  it('rejects versions and pointers that are not 12 hex digits', () => {
    expect(modelManifestSchema.safeParse({ ...manifest, version: 'ABCDEF123456' }).success).toBe(false);
    expect(currentModelSchema.safeParse({ version: 'abc', manifest: 'abc/manifest.json' }).success).toBe(
      false,
    );
    expect(
      currentModelSchema.safeParse({
        version: current.version,
        manifest: `../${current.version}/manifest.json`,
      }).success,
    ).toBe(false);
  });

  it('rejects accuracies outside 0..1 and a wrong number of labels', () => {
    const accuracy = manifest['accuracy'] as Record<string, unknown>;
    expect(
      modelManifestSchema.safeParse({ ...manifest, accuracy: { ...accuracy, quantized: 99.4 } }).success,
    ).toBe(false);
    expect(modelManifestSchema.safeParse({ ...manifest, labels: ['0', '1'] }).success).toBe(false);
  });
});
