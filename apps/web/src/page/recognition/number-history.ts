/**
 * The history on this device, per user, beyond what the first screen needs (results-store.ts
 * looks up and saves single-digit answers): numbers read, kept in the `numbers` store, with each
 * of their digits' answers kept in the results store under its input hash, exactly as a
 * single-digit prediction would be (drawing that digit alone later is a device-cache hit); and
 * the listing and clearing of both stores, for the History tab, Settings and sign-out. It loads
 * with those, not with the first screen.
 */
import type { ReadResult } from '../../shared/inference-protocol.ts';
import { cifraDb, personalKey, userRange, type StoredNumber, type StoredResult } from '../../shared/db.ts';
import { dropOldest, findResult, historyCap, saveResult, whileHeldUp } from './results-store.ts';

export type HistoryEntry = { kind: 'digit'; item: StoredResult } | { kind: 'number'; item: StoredNumber };

/** A new history entry for a number just read (its digits as the model read them). */
export function numberEntry(userId: string, read: ReadResult, createdAt = Date.now()): StoredNumber {
  return {
    userId,
    id: `${createdAt}-${crypto.randomUUID()}`,
    number: read.answer.number,
    ...(read.answer.groups ? { groups: [...read.answer.groups] } : {}),
    digits: read.answer.digits.map((digit, index) => ({
      digit: digit.digit,
      probability: digit.probability,
      lowConfidence: digit.lowConfidence,
      fixed: false,
      inputHash: read.digits[index]?.hash ?? '',
    })),
    modelVersion: read.version,
    source: read.backend,
    ms: read.ms,
    createdAt,
  };
}

/** Adds or replaces (after a fix) a number in its user's history; the oldest beyond the cap go. */
export async function saveNumber(entry: StoredNumber): Promise<void> {
  const db = await cifraDb();
  await db.put('numbers', entry);
  await dropOldest(db, 'numbers', entry.userId);
}

/** This user's results, newest first. */
export async function listResults(userId: string): Promise<StoredResult[]> {
  return whileHeldUp([], async () =>
    (await (await cifraDb()).getAllFromIndex('results', 'byUserTime', userRange(userId))).reverse(),
  );
}

/** Removes this user's results and numbers read from the device; other users' stay. */
export async function clearResults(userId: string): Promise<void> {
  await whileHeldUp(undefined, async () => {
    const db = await cifraDb();
    await Promise.all([db.delete('results', userRange(userId)), db.delete('numbers', userRange(userId))]);
  });
}

/** This user's numbers read, newest first. */
export async function listNumbers(userId: string): Promise<StoredNumber[]> {
  return whileHeldUp([], async () =>
    (await (await cifraDb()).getAllFromIndex('numbers', 'byUserTime', userRange(userId))).reverse(),
  );
}

/**
 * Keeps each digit's model answer under its input hash. An input this user already has an
 * answer for keeps it (and its place in the history). A user's fix is not an answer of the
 * model: the cache keeps what the model said.
 */
export async function keepDigitResults(userId: string, read: ReadResult): Promise<void> {
  // A personal model's answers are kept apart from the base model's (see personalKey).
  const version = personalKey(read.version, read.personal);
  for (const input of read.digits) {
    if (await findResult(userId, version, input.hash)) continue;
    await saveResult(userId, {
      modelVersion: version,
      inputHash: input.hash,
      pixels: input.pixels,
      digit: input.digit,
      probability: input.probability,
      probabilities: input.probabilities,
      source: read.backend,
      ms: read.ms,
      inNumber: true,
      ...(read.personal ? { personal: true as const } : {}),
    });
  }
}

/**
 * Digits and numbers in one list, newest first, at most `historyCap`. Results kept only as a
 * number's digits are left out: the number stands for them.
 */
export function mergeHistory(results: StoredResult[], numbers: StoredNumber[]): HistoryEntry[] {
  return [
    ...results.filter((item) => !item.inNumber).map((item) => ({ kind: 'digit' as const, item })),
    ...numbers.map((item) => ({ kind: 'number' as const, item })),
  ]
    .sort((a, b) => b.item.createdAt - a.item.createdAt)
    .slice(0, historyCap);
}
