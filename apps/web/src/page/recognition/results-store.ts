import { cifraDb, resultKey, type StoredResult } from '../../shared/db.ts';

/** Most results kept on the device; the oldest go first. */
export const historyCap = 200;

/** Opens the device's results store ahead of the first drawing, so that lookup costs no set-up. */
export function openResultsStore(): void {
  void cifraDb().catch(() => {});
}

export async function findResult(modelVersion: string, inputHash: string): Promise<StoredResult | undefined> {
  return (await cifraDb()).get('results', resultKey(modelVersion, inputHash));
}

export async function saveResult(result: Omit<StoredResult, 'key' | 'createdAt'>): Promise<StoredResult> {
  const stored: StoredResult = {
    ...result,
    key: resultKey(result.modelVersion, result.inputHash),
    createdAt: Date.now(),
  };
  const db = await cifraDb();
  await db.put('results', stored);
  const count = await db.count('results');
  if (count > historyCap) {
    const tx = db.transaction('results', 'readwrite');
    let cursor = await tx.store.index('createdAt').openCursor();
    for (let excess = count - historyCap; cursor && excess > 0; excess--) {
      await cursor.delete();
      cursor = await cursor.continue();
    }
    await tx.done;
  }
  return stored;
}

/** Newest first. */
export async function listResults(): Promise<StoredResult[]> {
  return (await (await cifraDb()).getAllFromIndex('results', 'createdAt')).reverse();
}

export async function clearResults(): Promise<void> {
  await (await cifraDb()).clear('results');
}
