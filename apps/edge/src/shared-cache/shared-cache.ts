/**
 * The shared prediction cache: one Redis string per (model version, input hash) holding the
 * answer the edge computed itself — from a contribution's 784-byte input, from
 * `POST /api/predict`, or a digit `POST /api/read` chose — never a client's claim. The `v2` prefix leaves the quorum entries of the
 * first version (which two free accounts could poison) unread; they expire on their own.
 */
import type { CachedPrediction } from '@cifra/contracts';
import type { Prediction } from '@cifra/inference';
import type { Redis } from '@upstash/redis/cloudflare';

type CacheRedis = Pick<Redis, 'get' | 'set'>;

const entryKey = (version: string, inputHash: string) => `cifra:pred:v2:${version}:${inputHash}`;

export interface CacheEntry {
  version: string;
  inputHash: string;
}

/** Stores the edge's own answer for an input. */
export async function storeEdgePrediction(
  redis: CacheRedis,
  entry: CacheEntry & { ttlSeconds: number },
  prediction: Prediction,
): Promise<void> {
  const stored = JSON.stringify({
    digit: prediction.digit,
    probability: prediction.probability,
    probabilities: prediction.probabilities,
  });
  await redis.set(entryKey(entry.version, entry.inputHash), stored, { ex: entry.ttlSeconds });
}

/** The edge's answer for an input, if it computed one. */
export async function lookupEdgePrediction(
  redis: CacheRedis,
  entry: CacheEntry,
): Promise<CachedPrediction | undefined> {
  const value = await redis.get<unknown>(entryKey(entry.version, entry.inputHash));
  if (value === null || value === undefined) return undefined;
  // The client may have deserialised the JSON already.
  const parsed = (typeof value === 'string' ? JSON.parse(value) : value) as Prediction;
  return {
    digit: parsed.digit,
    probability: parsed.probability,
    probabilities: parsed.probabilities,
    modelVersion: entry.version,
    source: 'edge',
  };
}
