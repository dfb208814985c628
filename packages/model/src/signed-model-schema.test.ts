/**
 * `GET /api/model` as the page reads it (modelAnnouncementSchema) and as the worker checks it
 * (signedModelSchema), on the committed manifest.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  currentModelSchema,
  modelAnnouncementSchema,
  modelManifestSchema,
  signedModelSchema,
} from '@cifra/contracts';
import { publicModelDir } from './paths.ts';

const root = publicModelDir();
const current = currentModelSchema.parse(JSON.parse(readFileSync(resolve(root, 'current.json'), 'utf8')));
const manifest = modelManifestSchema.parse(JSON.parse(readFileSync(resolve(root, current.manifest), 'utf8')));
const answer = {
  manifest,
  files: manifest.files.map((file) => ({
    ...file,
    url: `/model/${manifest.version}/${file.path}?exp=1&sig=x`,
  })),
  expiresAt: 1,
};

describe('GET /api/model on the page and in the worker', () => {
  it('the page’s read keeps the whole answer, so the worker can check it all', () => {
    const announced = modelAnnouncementSchema.parse(answer);
    expect(signedModelSchema.parse(announced)).toEqual(answer);
    // The number head is part of what passes through (the worker needs it).
    expect(signedModelSchema.parse(announced).manifest.numberHead?.file).toBe('number-head.bin');
  });

  it('the worker refuses what the page let through when the manifest is broken', () => {
    const broken = {
      ...answer,
      manifest: { ...manifest, files: [{ path: '../x', sha256: 'no', bytes: -1 }] },
    };
    expect(modelAnnouncementSchema.safeParse(broken).success).toBe(true);
    expect(signedModelSchema.safeParse(broken).success).toBe(false);
    expect(modelAnnouncementSchema.safeParse({ ...answer, files: [{ path: '../x' }] }).success).toBe(false);
  });
});
