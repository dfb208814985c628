/**
 * A user's handwriting samples on this device (IndexedDB, per user), for personal fine-tuning
 * in the inference worker. Never sent anywhere.
 */
import { cifraDb, userRange, type StoredSample } from '../../shared/db.ts';
import { whileHeldUp } from '../recognition/results-store.ts';

/** Most samples kept per user (the oldest go first): enough for ten digits many times over. */
export const sampleCap = 300;

export async function addSample(
  userId: string,
  sample: Pick<StoredSample, 'digit' | 'pixels' | 'from'>,
): Promise<StoredSample> {
  const stored: StoredSample = { ...sample, userId, id: crypto.randomUUID(), createdAt: Date.now() };
  const db = await cifraDb();
  await db.put('samples', stored);
  let excess = (await db.countFromIndex('samples', 'byUserTime', userRange(userId))) - sampleCap;
  if (excess > 0) {
    const tx = db.transaction('samples', 'readwrite');
    let cursor = await tx.store.index('byUserTime').openCursor(userRange(userId));
    for (; cursor && excess > 0; cursor = await cursor.continue(), excess--) await cursor.delete();
    await tx.done;
  }
  return stored;
}

/** This user's samples, oldest first. */
export async function listSamples(userId: string): Promise<StoredSample[]> {
  return whileHeldUp([], async () =>
    (await cifraDb()).getAllFromIndex('samples', 'byUserTime', userRange(userId)),
  );
}

export async function deleteSample(userId: string, id: string): Promise<void> {
  await (await cifraDb()).delete('samples', [userId, id]);
}
