/**
 * The device's answers per user, as the first screen needs them: looked up and saved. Listing
 * and clearing the history load later, with the views that do them (number-history.ts).
 */
import type { IDBPDatabase } from 'idb';
import {
  cifraDb,
  DatabaseHeldUpError,
  resultKey,
  userRange,
  type CifraDb,
  type StoredResult,
} from '../../shared/db.ts';

/** Most results kept on the device per user; the oldest go first. */
export const historyCap = 200;

/** Opens the device's results store ahead of the first drawing, so that lookup costs no set-up. */
export function openResultsStore(): void {
  void cifraDb().catch(() => {});
}

/** This user's earlier answer for this input, if any; another user's never counts. */
export async function findResult(
  userId: string,
  modelVersion: string,
  inputHash: string,
): Promise<StoredResult | undefined> {
  return whileHeldUp(undefined, async () =>
    (await cifraDb()).get('results', [userId, resultKey(modelVersion, inputHash)]),
  );
}

export async function saveResult(
  userId: string,
  result: Omit<StoredResult, 'userId' | 'key' | 'createdAt'>,
): Promise<StoredResult> {
  const stored: StoredResult = {
    ...result,
    userId,
    key: resultKey(result.modelVersion, result.inputHash),
    createdAt: Date.now(),
  };
  const db = await cifraDb();
  await db.put('results', stored);
  await dropOldest(db, 'results', userId);
  return stored;
}

/**
 * Keeps this user's `historyCap` newest rows of a store and deletes the rest, oldest first —
 * rows kept only as a number's digits before any the user sees in the history.
 */
export async function dropOldest(
  db: IDBPDatabase<CifraDb>,
  store: 'results' | 'numbers',
  userId: string,
): Promise<void> {
  let excess = (await db.countFromIndex(store, 'byUserTime', userRange(userId))) - historyCap;
  if (excess <= 0) return;
  const tx = db.transaction(store, 'readwrite');
  for (const numberDigitsOnly of [true, false]) {
    let cursor = await tx.store.index('byUserTime').openCursor(userRange(userId));
    for (; cursor && excess > 0; cursor = await cursor.continue()) {
      if (numberDigitsOnly && !('inNumber' in cursor.value)) continue;
      await cursor.delete();
      excess--;
    }
  }
  await tx.done;
}

/**
 * While a tab of an older version holds the database's upgrade up, this version has stored
 * nothing yet (and the upgrade drops the older rows): lookups miss, lists are empty, there is
 * nothing to remove.
 */
export async function whileHeldUp<T>(nothing: T, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof DatabaseHeldUpError) return nothing;
    throw error;
  }
}
