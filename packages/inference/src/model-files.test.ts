import { describe, expect, it } from 'vitest';
import { ModelIntegrityError, UnsupportedModelError } from './errors.ts';
import { readArtifacts, sha256Hex, verifyModelFiles } from './model-files.ts';
import { committedModel } from './test-model.ts';

describe('model files', () => {
  it('accepts the committed files, whose SHA-256 and sizes match the manifest', async () => {
    const model = committedModel();
    await expect(verifyModelFiles(model)).resolves.toBeUndefined();
    const first = model.manifest.files[0];
    expect(await sha256Hex(model.files.get(first?.path ?? '') ?? new Uint8Array())).toBe(first?.sha256);
  });

  it('refuses a file with one byte changed, naming it', async () => {
    const model = committedModel();
    const shard = model.manifest.files.find((file) => file.path.endsWith('.bin'));
    const bytes = new Uint8Array(model.files.get(shard?.path ?? '') ?? new Uint8Array()).slice();
    bytes[100] = (bytes[100] ?? 0) ^ 1;
    const files = new Map(model.files).set(shard?.path ?? '', bytes);
    const error = await verifyModelFiles({ ...model, files }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelIntegrityError);
    expect((error as ModelIntegrityError).path).toBe(shard?.path);
    expect((error as Error).message).toContain('SHA-256');
  });

  it('refuses a missing file and a truncated one', async () => {
    const model = committedModel();
    const missing = new Map(model.files);
    missing.delete('model.json');
    await expect(verifyModelFiles({ ...model, files: missing })).rejects.toThrow(/model\.json is missing/);
    const truncated = new Map(model.files).set(
      'model.json',
      (model.files.get('model.json') as Uint8Array).slice(1),
    );
    await expect(verifyModelFiles({ ...model, files: truncated })).rejects.toThrow(/size/);
  });

  it('joins the weight shards in manifest order', () => {
    const model = committedModel();
    const artifacts = readArtifacts(model);
    // model.json's shards (the number head's file is not one of them).
    const shards = model.manifest.files.filter(
      (file) => file.path.endsWith('.bin') && file.path !== model.manifest.numberHead?.file,
    );
    expect(artifacts.weightData.byteLength).toBe(shards.reduce((sum, file) => sum + file.bytes, 0));
    const second = model.files.get(shards[1]?.path ?? '') as Uint8Array;
    const joined = new Uint8Array(artifacts.weightData);
    expect(joined.subarray(shards[0]?.bytes)).toEqual(second);
  });

  it('says when model.json is not JSON', () => {
    const model = committedModel();
    const files = new Map(model.files).set('model.json', new TextEncoder().encode('<html>'));
    expect(() => readArtifacts({ ...model, files })).toThrow(UnsupportedModelError);
  });
});
