import type { DBSchema, IDBPDatabase } from 'idb';
import type { Calibration } from './inference-protocol.ts';

/** Where a shown answer came from. */
export type ResultSource = 'device-cache' | 'shared-cache' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** A result kept on this device, keyed by model version + input hash. */
export interface StoredResult {
  key: string;
  modelVersion: string;
  inputHash: string;
  digit: number;
  probability: number;
  probabilities: number[];
  /** How it was first obtained (a later cache hit keeps this). */
  source: ResultSource;
  ms?: number;
  /** The 784-byte model input, for the history thumbnail. */
  pixels: Uint8Array;
  createdAt: number;
}

interface CifraDb extends DBSchema {
  results: { key: string; value: StoredResult; indexes: { createdAt: number } };
  calibration: { key: string; value: Calibration };
}

let db: Promise<IDBPDatabase<CifraDb>> | undefined;

/**
 * The app's IndexedDB (page and inference worker alike). idb loads with the first use, after
 * the first screen is up: the sign-in screen never needs it.
 */
export function cifraDb(): Promise<IDBPDatabase<CifraDb>> {
  db ??= import('idb').then(({ openDB }) =>
    openDB<CifraDb>('cifra', 1, {
      upgrade(database) {
        const results = database.createObjectStore('results', { keyPath: 'key' });
        results.createIndex('createdAt', 'createdAt');
        database.createObjectStore('calibration');
      },
    }),
  );
  return db;
}

export const resultKey = (modelVersion: string, inputHash: string) => `${modelVersion}:${inputHash}`;
