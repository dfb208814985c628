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

  it('is schema 2 exactly when the number head reads an earlier layer, so builds that know only 1 refuse it', () => {
    const head = manifest['numberHead'] as Record<string, unknown>;
    expect(manifest['schemaVersion']).toBe(2);
    expect(head['reads']).toBe('max_pooling2d_MaxPooling2D2');
    // A build that knew only schema 1 would drop `reads` and refuse the head: it refuses the manifest instead.
    const { reads: _reads, ...featuresOnly } = head;
    expect(modelManifestSchema.safeParse({ ...manifest, schemaVersion: 1 }).success).toBe(false);
    expect(modelManifestSchema.safeParse({ ...manifest, numberHead: featuresOnly }).success).toBe(false);
    expect(modelManifestSchema.safeParse({ ...manifest, schemaVersion: 3 }).success).toBe(false);
    // Heads on the features alone, and models without a head, stay schema 1.
    expect(
      modelManifestSchema.safeParse({ ...manifest, schemaVersion: 1, numberHead: featuresOnly }).success,
    ).toBe(true);
    const { numberHead: _head, ...headless } = manifest;
    expect(modelManifestSchema.safeParse({ ...headless, schemaVersion: 1 }).success).toBe(true);
  });
});
