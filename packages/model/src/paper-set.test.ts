/**
 * The notebook-paper generator (paper-set.ts), and the CLI's path reading its photos: decode,
 * toModelInput (with ruling removal), the committed model.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRandom, toLuma } from '@cifra/digits';
import { decodeImage } from '@cifra/image-decode';
import { predictFiles } from './cli.ts';
import { loadMnist, PIXELS } from './mnist.ts';
import { PAPER_KINDS, paperSet, renderOnPaper, type PaperKind } from './paper-set.ts';
import { loadCommittedPredictor } from './predictor.ts';

const test = loadMnist('test');
const firstDigit = test.images.subarray(0, PIXELS);

/** Rows (of a strip) whose mean luma is well below the brightest: ruled lines. */
function darkRows(kind: PaperKind, seed: number): number {
  const photo = renderOnPaper(firstDigit, kind, createRandom(seed));
  const luma = toLuma({ width: photo.width, height: photo.height, data: photo.rgba, channels: 4 });
  // Only the top fifth, above the centred digit, and a strip 16 px wide at the left: across
  // it a turned page's rule stays within a row or two.
  const strip = 16;
  const rows = Array.from({ length: Math.floor(luma.height / 5) }, (_, y) => {
    let sum = 0;
    for (let x = 0; x < strip; x++) sum += luma.data[y * luma.width + x] as number;
    return sum / strip;
  });
  const brightest = Math.max(...rows);
  return rows.filter((mean) => mean < brightest - 12).length;
}

describe('notebook-paper photos', () => {
  it('are the same photos from the same seed, and others from another', () => {
    const [a] = paperSet(test, 1, 5);
    const [b] = paperSet(test, 1, 5);
    const [c] = paperSet(test, 1, 6);
    expect(a?.bytes).toEqual(b?.bytes);
    expect(a?.name).toBe(b?.name);
    expect(c?.bytes).not.toEqual(a?.bytes);
  });

  it('come as JPEG in every kind, named with their label', () => {
    const items = [...paperSet(test, 2)];
    expect(items.map((item) => item.kind)).toEqual([...PAPER_KINDS, ...PAPER_KINDS]);
    for (const item of items) {
      expect(item.name).toContain(`label${item.label}`);
      expect([...item.bytes.subarray(0, 2)]).toEqual([0xff, 0xd8]);
      const image = decodeImage(item.bytes);
      expect(image.width).toBeGreaterThan(90);
    }
  });

  it('have rules on squared and lined paper and none on plain paper', () => {
    for (const seed of [1, 2, 3]) {
      expect(darkRows('squared', seed)).toBeGreaterThan(0);
      expect(darkRows('lined', seed)).toBeGreaterThan(0);
      expect(darkRows('plain', seed)).toBe(0);
    }
  });

  it('are read right by the CLI on squared and lined paper alike', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cifra-paper-'));
    const items = [...paperSet(test, 20, 99)];
    for (const item of items) writeFileSync(join(dir, item.name), item.bytes);
    const results = await predictFiles(
      items.map((item) => join(dir, item.name)),
      await loadCommittedPredictor(),
    );
    for (const kind of PAPER_KINDS) {
      const right = results.filter(
        (result, i) => items[i]?.kind === kind && 'digit' in result && result.digit === items[i]?.label,
      ).length;
      // Without ruling removal: 9 of these 20 squared-paper photos were read right.
      expect(right, kind).toBeGreaterThanOrEqual(19);
    }
  }, 60_000);
});
