/**
 * A user's personal model on this device (IndexedDB, per user), and deleting it with their
 * samples: what the first screen needs. Adding and listing samples is in sample-store.ts, loaded
 * with the views that do it. Nothing here is ever sent anywhere.
 */
import { cifraDb, userRange, type StoredPersonalModel } from '../../shared/db.ts';
import { whileHeldUp } from '../recognition/results-store.ts';

export async function loadPersonalModel(userId: string): Promise<StoredPersonalModel | undefined> {
  return whileHeldUp(undefined, async () => (await cifraDb()).get('personal', userId));
}

export async function savePersonalModel(model: StoredPersonalModel): Promise<void> {
  await (await cifraDb()).put('personal', model);
}

/** Forgets the personal model and, with `samples`, every sample too. */
export async function resetPersonal(userId: string, { samples }: { samples: boolean }): Promise<void> {
  const db = await cifraDb();
  await db.delete('personal', userId);
  if (samples) {
    const tx = db.transaction('samples', 'readwrite');
    let cursor = await tx.store.index('byUserTime').openCursor(userRange(userId));
    for (; cursor; cursor = await cursor.continue()) await cursor.delete();
    await tx.done;
  }
}
