import '../../test-support/fresh-indexeddb.ts';
import { openDB } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import type { StoredPersonalModel } from '../../shared/db.ts';

const stores = async () => ({
  ...(await import('./personal-store.ts')),
  ...(await import('./sample-store.ts')),
});
const alice = 'user-alice';
const bob = 'user-bob';
const pixels = (value: number) => new Uint8Array(784).fill(value);
const model = (userId: string): StoredPersonalModel => ({
  userId,
  baseVersion: 'v1',
  kernel: new Float32Array([1, 2, 3]),
  bias: new Float32Array([4]),
  id: 'abc',
  enabled: true,
  createdAt: 1,
  samples: 5,
  trainMs: 10,
  backend: 'wasm',
});

describe('samples and personal models on the device', () => {
  it("keeps each user's samples and model apart; a reset removes only that user's", async () => {
    const { addSample, listSamples, savePersonalModel, loadPersonalModel, resetPersonal } = await stores();
    await addSample(alice, { digit: 1, pixels: pixels(1), from: 'correction' });
    await addSample(alice, { digit: 7, pixels: pixels(7), from: 'teach' });
    await addSample(bob, { digit: 4, pixels: pixels(4), from: 'teach' });
    await savePersonalModel(model(alice));
    await savePersonalModel(model(bob));
    expect((await listSamples(alice)).map((s) => s.digit)).toEqual([1, 7]);
    expect((await listSamples(bob)).map((s) => s.digit)).toEqual([4]);
    expect((await loadPersonalModel(alice))?.kernel).toEqual(new Float32Array([1, 2, 3]));

    await resetPersonal(alice);
    expect(await listSamples(alice)).toEqual([]);
    expect(await loadPersonalModel(alice)).toBeUndefined();
    expect((await listSamples(bob)).map((s) => s.digit)).toEqual([4]);
    expect(await loadPersonalModel(bob)).toBeDefined();
  });

  it('deletes one sample, and drops the oldest beyond the cap', async () => {
    const { addSample, listSamples, deleteSample, sampleCap } = await stores();
    const first = await addSample(alice, { digit: 0, pixels: pixels(0), from: 'teach' });
    await deleteSample(alice, first.id);
    expect(await listSamples(alice)).toEqual([]);
    // Each sample a millisecond after the one before: "oldest" is well defined.
    let at = 1_000;
    vi.spyOn(Date, 'now').mockImplementation(() => at++);
    for (let i = 0; i < sampleCap + 3; i++)
      await addSample(alice, { digit: i % 10, pixels: pixels(i % 256), from: 'teach' });
    const kept = await listSamples(alice);
    expect(kept).toHaveLength(sampleCap);
    // The three oldest (digits 0, 1, 2 of the first round) went.
    expect(kept[0]?.pixels[0]).toBe(3);
    vi.restoreAllMocks();
  });
});

describe('upgrade from version 3 (numbers store)', () => {
  it('keeps results and numbers and adds the samples and personal stores', async () => {
    const old = await openDB('cifra', 3, {
      upgrade(database) {
        database.createObjectStore('calibration');
        const results = database.createObjectStore('results', { keyPath: ['userId', 'key'] });
        results.createIndex('byUserTime', ['userId', 'createdAt']);
        const numbers = database.createObjectStore('numbers', { keyPath: ['userId', 'id'] });
        numbers.createIndex('byUserTime', ['userId', 'createdAt']);
      },
    });
    await old.put('numbers', { userId: alice, id: 'n1', createdAt: 1, number: '12' });
    old.close();
    const { addSample, listSamples } = await stores();
    await addSample(alice, { digit: 3, pixels: pixels(3), from: 'teach' });
    expect((await listSamples(alice)).map((s) => s.digit)).toEqual([3]);
    const { cifraDb, dbVersion } = await import('../../shared/db.ts');
    const db = await cifraDb();
    expect(db.version).toBe(dbVersion);
    expect((await db.get('numbers', [alice, 'n1']))?.number).toBe('12');
  });
});
