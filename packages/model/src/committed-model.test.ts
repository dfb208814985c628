/**
 * The committed model (public/model): what CI checks instead of retraining.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentModelSchema, modelManifestSchema } from '@cifra/contracts';
import { checkCommittedModel } from './committed-check.ts';
import { modelVersion } from './hashing.ts';
import { publicModelDir } from './paths.ts';
import { verifyModelFiles } from '@cifra/inference';
import { loadMnist, PIXELS } from './mnist.ts';
import { numberParts } from './number-parts.ts';
import { loadCommittedPredictor, readCommittedModel } from './predictor.ts';
import { NOT_A_DIGIT } from './train-loop.ts';

const root = publicModelDir();
const current = currentModelSchema.parse(JSON.parse(readFileSync(join(root, 'current.json'), 'utf8')));
const manifest = modelManifestSchema.parse(JSON.parse(readFileSync(join(root, current.manifest), 'utf8')));

describe('committed model', () => {
  it('has files matching their manifest (size and SHA-256)', async () => {
    await expect(verifyModelFiles(readCommittedModel(root))).resolves.toBeUndefined();
  });

  it('has one version folder, named by the hash of its files, matching current.json', () => {
    const versions = readdirSync(root).filter((e) => /^[0-9a-f]{12}$/.test(e));
    expect(versions).toEqual([current.version]);
    expect(manifest.version).toBe(current.version);
    expect(modelVersion(manifest.files)).toBe(manifest.version);
    const onDisk = readdirSync(join(root, current.version)).sort();
    expect(onDisk).toEqual([...manifest.files.map((f) => f.path), 'manifest.json'].sort());
  });

  it('is small: uint8 weights of at most 100 KB, and a uint8 number head of at most 30 KB', () => {
    expect(manifest.quantization.dtype).toBe('uint8');
    const head = manifest.numberHead;
    const bins = manifest.files.filter((f) => f.path.endsWith('.bin') && f.path !== head?.file);
    expect(bins.reduce((n, f) => n + f.bytes, 0)).toBe(manifest.weightBytes);
    expect(manifest.weightBytes).toBeLessThanOrEqual(100_000);
    expect(manifest.weightBytes).toBe(manifest.parameters);
    expect(head?.kernel.quantization?.dtype).toBe('uint8');
    // (5x5x64 pooled maps + 864 features) x 11, one byte each: what a phone downloads once more.
    expect(manifest.files.find((f) => f.path === head?.file)?.bytes).toBeLessThanOrEqual(30_000);
  });

  it('has a number head that tells MNIST digits from the parts segmentation cuts wrongly', async () => {
    const predictor = await loadCommittedPredictor(root);
    const test = loadMnist('test');
    const digits = Array.from({ length: 500 }, (_, i) => test.images.subarray(i * PIXELS, (i + 1) * PIXELS));
    // Numbers of test digits (the head trained on training digits), their wrong parts only.
    const parts = numberParts(test, 40, 3);
    const wrong = parts.inputs.filter((_, i) => parts.labels[i] === NOT_A_DIGIT);
    expect(wrong.length).toBeGreaterThan(200);
    const whole = async (inputs: Uint8Array[]) =>
      (await predictor.predictParts(inputs)).filter((p) => (p.wholeDigit ?? 0) > 0.5).length / inputs.length;
    expect(await whole(digits)).toBeGreaterThan(0.94);
    expect(await whole(wrong)).toBeLessThan(0.1);
  });

  it('records targets met: >= 99.3 % quantised, quantisation costing <= 0.05 pt', () => {
    expect(manifest.accuracy.quantized).toBeGreaterThanOrEqual(0.993);
    expect(manifest.accuracy.float32 - manifest.accuracy.quantized).toBeLessThanOrEqual(0.0005);
  });

  it('scores on the 10k MNIST test set no worse than its manifest accuracy − 0.1 pt', async () => {
    const { evaluation, threshold, passed } = await checkCommittedModel(root);
    expect(evaluation.count).toBe(10000);
    expect(evaluation.accuracy).toBeGreaterThanOrEqual(threshold);
    expect(passed).toBe(true);
  });
});
