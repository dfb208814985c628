import '../../test-support/fresh-indexeddb.ts';
import { openDB } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import type { Calibration } from '../../shared/inference-protocol.ts';

// Lookups and saving (first screen) and the history's listing and clearing (loaded later).
const store = async () => ({
  ...(await import('./results-store.ts')),
  ...(await import('./number-history.ts')),
});
const alice = 'user-alice';
const bob = 'user-bob';

const result = (inputHash: string, digit = 7) => ({
  modelVersion: 'v1',
  inputHash,
  digit,
  probability: 0.9,
  probabilities: Array.from({ length: 10 }, (_, index) => (index === digit ? 0.9 : 0.01)),
  source: 'wasm' as const,
  pixels: new Uint8Array(784),
});

describe('results kept per user', () => {
  it('one user’s answer is not found, nor listed, for another user on the same device', async () => {
    const { saveResult, findResult, listResults } = await store();
    await saveResult(alice, result('hash-7'));
    expect((await findResult(alice, 'v1', 'hash-7'))?.digit).toBe(7);
    expect(await findResult(bob, 'v1', 'hash-7')).toBeUndefined();
    expect(await listResults(bob)).toEqual([]);
    expect((await listResults(alice)).map((item) => item.inputHash)).toEqual(['hash-7']);
  });

  it('the same input saved by two users is two results', async () => {
    const { saveResult, findResult } = await store();
    await saveResult(alice, result('same', 7));
    await saveResult(bob, result('same', 1));
    expect((await findResult(alice, 'v1', 'same'))?.digit).toBe(7);
    expect((await findResult(bob, 'v1', 'same'))?.digit).toBe(1);
  });

  it('clearing one user’s results leaves the others’', async () => {
    const { saveResult, clearResults, listResults } = await store();
    await saveResult(alice, result('a1'));
    await saveResult(alice, result('a2'));
    await saveResult(bob, result('b1'));
    await clearResults(alice);
    expect(await listResults(alice)).toEqual([]);
    expect((await listResults(bob)).map((item) => item.inputHash)).toEqual(['b1']);
  });

  it('the history cap counts per user and drops that user’s oldest', async () => {
    let now = 1_000;
    vi.spyOn(Date, 'now').mockImplementation(() => now++);
    const { saveResult, listResults, historyCap } = await store();
    await saveResult(bob, result('bob-only'));
    for (let index = 0; index <= historyCap; index++) await saveResult(alice, result(`a${index}`));
    const kept = await listResults(alice);
    expect(kept).toHaveLength(historyCap);
    expect(kept[0]?.inputHash).toBe(`a${historyCap}`);
    expect(kept.some((item) => item.inputHash === 'a0')).toBe(false);
    expect((await listResults(bob)).map((item) => item.inputHash)).toEqual(['bob-only']);
    vi.restoreAllMocks();
  });
});

describe('upgrade from the device-wide store (version 1)', () => {
  it('drops the old rows, which name no user, and keeps the calibration', async () => {
    const old = await openDB('cifra', 1, {
      upgrade(database) {
        const results = database.createObjectStore('results', { keyPath: 'key' });
        results.createIndex('createdAt', 'createdAt');
        database.createObjectStore('calibration');
      },
    });
    await old.put('results', { key: 'v1:old', ...result('old'), createdAt: 1 });
    const calibration = { best: { batch1: 'wasm', batch16: 'wasm' }, timings: [] } as unknown as Calibration;
    await old.put('calibration', calibration, 'v1');
    old.close();

    const { findResult, listResults } = await store();
    const { cifraDb, dbVersion } = await import('../../shared/db.ts');
    expect(await findResult(alice, 'v1', 'old')).toBeUndefined();
    expect(await listResults(alice)).toEqual([]);
    const db = await cifraDb();
    expect(db.version).toBe(dbVersion);
    expect(await db.count('results')).toBe(0);
    expect(await db.get('calibration', 'v1')).toEqual(calibration);
  });

  it('a tab of the older version still open: lookups miss at once instead of waiting, then the upgrade goes through', async () => {
    const old = await openDB('cifra', 1, {
      upgrade(database) {
        database.createObjectStore('results', { keyPath: 'key' });
        database.createObjectStore('calibration');
      },
    });
    // The version-1 code had no handler for a newer version: its connection stays open.
    const { saveResult, findResult, listResults } = await store();
    const started = Date.now();
    expect(await findResult(alice, 'v1', 'anything')).toBeUndefined();
    expect(await listResults(alice)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(5_000);

    old.close();
    // Once the upgrade has run (a moment after the old connection closes), results are kept.
    await vi.waitFor(() => saveResult(alice, result('after')));
    expect((await findResult(alice, 'v1', 'after'))?.digit).toBe(7);
  });
});

describe('upgrade from the per-user results store (version 2)', () => {
  it('keeps every result and the calibration, and adds the numbers store', async () => {
    // Version 2's schema, as that version's code created it.
    const old = await openDB('cifra', 2, {
      upgrade(database) {
        database.createObjectStore('calibration');
        const results = database.createObjectStore('results', { keyPath: ['userId', 'key'] });
        results.createIndex('byUserTime', ['userId', 'createdAt']);
      },
    });
    const kept = { ...result('kept'), userId: alice, key: 'v1:kept', createdAt: 5 };
    await old.put('results', kept);
    await old.put('results', { ...result('bobs'), userId: bob, key: 'v1:bobs', createdAt: 6 });
    const calibration = { best: { batch1: 'wasm', batch16: 'wasm' }, timings: [] } as unknown as Calibration;
    await old.put('calibration', calibration, 'v1');
    old.close();

    const { findResult, listResults } = await store();
    const { cifraDb, dbVersion } = await import('../../shared/db.ts');
    expect(await findResult(alice, 'v1', 'kept')).toEqual(kept);
    expect((await listResults(bob)).map((item) => item.inputHash)).toEqual(['bobs']);
    const db = await cifraDb();
    expect(db.version).toBe(dbVersion);
    expect(dbVersion).toBe(4);
    expect(await db.get('calibration', 'v1')).toEqual(calibration);
    expect(await db.countFromIndex('numbers', 'byUserTime', IDBKeyRange.bound([alice], [alice, []]))).toBe(0);
  });
});
