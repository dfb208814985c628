import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { testEnv } from '../../test/helpers.ts';
import { edgeModel } from './edge-model.ts';

describe('the edge model in workerd', () => {
  it('runs on tfjs WASM started from the bundled module, and undoes its start-up patches', async () => {
    const instantiate = WebAssembly.instantiate;
    const platformFetch = tf.env().platform.fetch;
    const model = await edgeModel(testEnv());
    expect(model.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(WebAssembly.instantiate).toBe(instantiate);
    expect(tf.env().platform.fetch).toBe(platformFetch);
    // A vertical bar: the committed model reads it as 1.
    const bar = new Uint8Array(784);
    for (let y = 4; y < 24; y++) for (let x = 13; x < 16; x++) bar[y * 28 + x] = 255;
    const [prediction] = await model.predictor.predict([bar]);
    expect(prediction?.digit).toBe(1);
    expect(prediction?.probabilities.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 5);
  });
});
