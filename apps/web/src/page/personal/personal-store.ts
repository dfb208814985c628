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

/** Forgets this user's personal model and every sample of theirs. */
export async function resetPersonal(userId: string): Promise<void> {
  await whileHeldUp(undefined, async () => {
    const db = await cifraDb();
    await Promise.all([db.delete('personal', userId), db.delete('samples', userRange(userId))]);
  });
}
