import '../../test-support/fresh-indexeddb.ts';
import { describe, expect, it } from 'vitest';
import type { Prediction, PreparedImage } from '../../shared/inference-protocol.ts';
import type { NewAnswer, RecognitionSteps } from './recognition-order.ts';

const user = 'user-ann';
const version = 'v1';
const answer = (digit: number): Prediction => ({
  digit,
  probability: 0.9,
  probabilities: Array.from({ length: 10 }, (_, index) => (index === digit ? 0.9 : 0.01)),
});
const picture = (hash: string, fill: number): PreparedImage => ({
  ok: true,
  pixels: new Uint8Array(784).fill(fill),
  hash,
  inverted: false,
});

/**
 * Three pictures: one this device has answered before, one only the shared cache knows, one
 * nobody knows. The device cache is the real one (IndexedDB); the shared cache and the model
 * are stand-ins that record what they were asked.
 */
async function setUp(options: { askShared: boolean }) {
  const { saveResult, findResult } = await import('./results-store.ts');
  const { recognise } = await import('./recognition-order.ts');
  await saveResult(user, {
    modelVersion: version,
    inputHash: 'seen-here',
    pixels: new Uint8Array(784),
    ...answer(1),
    source: 'wasm',
  });
  const asked = { shared: [] as string[], model: [] as number[][] };
  const kept: NewAnswer[] = [];
  const steps: RecognitionSteps = {
    version,
    onDevice: (hash) => findResult(user, version, hash),
    ...(options.askShared
      ? {
          shared: async (hash: string) => {
            asked.shared.push(hash);
            return hash === 'seen-by-others' ? answer(2) : undefined;
          },
        }
      : {}),
    async predict(inputs) {
      asked.model.push(inputs.map((input) => input[0]!));
      return { predictions: inputs.map((input) => answer(input[0]!)), backend: 'wasm', ms: 1, version };
    },
    keep: (kept_) => kept.push(kept_),
  };
  const prepared = [
    picture('seen-here', 1),
    picture('seen-by-others', 2),
    { ok: false, code: 'no_ink' } as const,
    picture('new', 3),
  ];
  const outcomes = await recognise(['a', 'b', 'blank', 'c'], prepared, steps);
  return { outcomes, asked, kept };
}

describe('the order of recognition', () => {
  it('this device’s cache, then the shared cache, then the model for what is left, as one batch', async () => {
    const { outcomes, asked, kept } = await setUp({ askShared: true });
    expect(outcomes.map((outcome) => [outcome.name, outcome.result?.source, outcome.result?.digit])).toEqual([
      ['a', 'device-cache', 1],
      ['b', 'shared-cache', 2],
      ['blank', undefined, undefined],
      ['c', 'wasm', 3],
    ]);
    expect(outcomes[2]?.error).toBe('no_ink');
    // The device's own answer never costs a request; the shared cache's answer never reaches the model.
    expect(asked.shared).toEqual(['seen-by-others', 'new']);
    expect(asked.model).toEqual([[3]]);
    expect(kept.map((item) => [item.source, item.hash])).toEqual([
      ['shared-cache', 'seen-by-others'],
      ['model', 'new'],
    ]);
  });

  it('without the shared cache (offline, or the model is ready) the misses go straight to the model', async () => {
    const { outcomes, asked } = await setUp({ askShared: false });
    expect(outcomes.map((outcome) => outcome.result?.source)).toEqual([
      'device-cache',
      'wasm',
      undefined,
      'wasm',
    ]);
    expect(asked.shared).toEqual([]);
    expect(asked.model).toEqual([[2, 3]]);
  });
});
