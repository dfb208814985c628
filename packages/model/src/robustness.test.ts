/**
 * A slice of the robustness set (re-drawn MNIST test digits at 280 px, both polarities,
 * JPEG/PNG/GIF) through the CLI's own code path; the full set is `npm run robustness`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { predictFiles } from './cli.ts';
import { loadMnist } from './mnist.ts';
import { loadCommittedPredictor } from './predictor.ts';
import { robustnessSet } from './robustness-set.ts';

describe('robustness set through the CLI path', () => {
  it('reads at least 93 % of 60 re-drawn digits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cifra-robust-'));
    const items = [...robustnessSet(loadMnist('test'), 60, 7)];
    for (const item of items) writeFileSync(join(dir, item.name), item.bytes);
    expect(new Set(items.map((i) => i.format))).toEqual(new Set(['jpeg', 'png', 'gif']));
    expect(new Set(items.map((i) => i.polarity)).size).toBe(2);
    const results = await predictFiles(
      items.map((i) => join(dir, i.name)),
      await loadCommittedPredictor(),
    );
    const correct = results.filter((r, i) => 'digit' in r && r.digit === items[i]?.label).length;
    expect(correct / items.length).toBeGreaterThanOrEqual(0.93);
  });
});
