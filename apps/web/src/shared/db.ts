import type { DBSchema, IDBPDatabase } from 'idb';
import type { BackendName, Calibration, PersonalHeadData, TeachGuard } from './inference-protocol.ts';

/** Where a shown answer came from. */
export type ResultSource = 'device-cache' | 'shared-cache' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/**
 * A result kept on this device for one user, keyed by user + model version + input hash. Two
 * people signing in on the same browser never see each other's answers or history.
 */
export interface StoredResult {
  /** The account the result belongs to (`PublicUser.id`). */
  userId: string;
  /** `<model version>:<input sha256>` (see `resultKey`). */
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
  /**
   * Kept as one digit of a number read (a cache entry for that input): the history lists the
   * number, not each of its digits.
   */
  inNumber?: true;
  /** Answered by this user's personal model (its id is part of `modelVersion`, see `personalKey`). */
  personal?: true;
}

/** One sample of a user's handwriting, for personal fine-tuning. Never leaves the device. */
export interface StoredSample {
  userId: string;
  /** Random id. */
  id: string;
  digit: number;
  /** The 784-byte model input. */
  pixels: Uint8Array;
  /** Written to teach, or a wrong answer the user corrected. */
  from: 'teach' | 'correction';
  createdAt: number;
}

/** A user's personal model: the head fine-tuning made (its id is part of its answers' cache
 * keys), and whether they use it. */
export interface StoredPersonalModel extends PersonalHeadData {
  userId: string;
  /** Switched on (the default) or off by the user; reset deletes the row. */
  enabled: boolean;
  createdAt: number;
  samples: number;
  trainMs: number;
  backend: BackendName;
  guard?: TeachGuard;
}

/** One digit of a number in the history: as the model read it, or as the user fixed it. */
export interface StoredNumberDigit {
  digit: number;
  probability: number;
  lowConfidence: boolean;
  /** The user replaced the model's digit with this one. */
  fixed: boolean;
  /** The digit's input hash (its result sits in `results` under it). */
  inputHash: string;
}

/** A number read for one user, for the history; keyed by user + `id`. */
export interface StoredNumber {
  userId: string;
  id: string;
  /** The digits, as shown (with the user's fixes). */
  number: string;
  groups?: string[];
  digits: StoredNumberDigit[];
  modelVersion: string;
  source: BackendName;
  ms: number;
  createdAt: number;
}

export interface CifraDb extends DBSchema {
  /** Primary key `[userId, key]`; `byUserTime` is `[userId, createdAt]`. */
  results: { key: [string, string]; value: StoredResult; indexes: { byUserTime: [string, number] } };
  /** Numbers read, for the history. Primary key `[userId, id]`; `byUserTime` as in `results`. */
  numbers: { key: [string, string]; value: StoredNumber; indexes: { byUserTime: [string, number] } };
  /** Shared by everyone on the device: it describes the device, not a person. */
  calibration: { key: string; value: Calibration };
  /** Handwriting samples per user. Primary key `[userId, id]`; `byUserTime` as in `results`. */
  samples: { key: [string, string]; value: StoredSample; indexes: { byUserTime: [string, number] } };
  /** At most one personal model per user, keyed by the user's id. */
  personal: { key: string; value: StoredPersonalModel };
}

export const dbName = 'cifra';
/**
 * 1: one device-wide `results` store keyed by `<version>:<hash>`.
 * 2: `results` per user. Version-1 rows name no user and may mix several people's drawings, so
 *    the upgrade drops them rather than guess whose they are (they are a cache and a history:
 *    losing them costs a recomputation, showing them to the wrong person costs privacy).
 *    Calibration is kept.
 * 3: `numbers`, the numbers read, per user. Results and calibration are kept as they are.
 * 4: `samples` (handwriting samples) and `personal` (personal models), per user.
 */
export const dbVersion = 4;

/** Creates or upgrades the schema (exported for the upgrade's unit test). */
export function upgradeCifraDb(database: IDBPDatabase<CifraDb>, oldVersion: number): void {
  if (oldVersion < 1) database.createObjectStore('calibration');
  if (oldVersion < 2) {
    // Untyped: the version-1 store has another shape than the schema names.
    const raw = database as unknown as IDBPDatabase;
    if (oldVersion >= 1 && raw.objectStoreNames.contains('results')) raw.deleteObjectStore('results');
    const results = database.createObjectStore('results', { keyPath: ['userId', 'key'] });
    results.createIndex('byUserTime', ['userId', 'createdAt']);
  }
  if (oldVersion < 3) {
    const numbers = database.createObjectStore('numbers', { keyPath: ['userId', 'id'] });
    numbers.createIndex('byUserTime', ['userId', 'createdAt']);
  }
  if (oldVersion < 4) {
    const samples = database.createObjectStore('samples', { keyPath: ['userId', 'id'] });
    samples.createIndex('byUserTime', ['userId', 'createdAt']);
    database.createObjectStore('personal', { keyPath: 'userId' });
  }
}

/** The open of a newer version is held up by a tab still running an older one. */
export class DatabaseHeldUpError extends Error {
  override name = 'DatabaseHeldUpError';
}

/** How long a caller waits on an upgrade another tab holds up before being told so. */
const heldUpMs = 1_000;

let opening: { open: Promise<IDBPDatabase<CifraDb>>; heldUp: Promise<never> } | undefined;

/**
 * The app's IndexedDB (page and inference worker alike). idb loads with the first use, after
 * the first screen is up: the sign-in screen never needs it. A newer version opened in another
 * tab (an app update) closes this connection instead of waiting for this tab to go away. A tab
 * still running an older version (before it had that courtesy) holds this version's upgrade up
 * until it closes; meanwhile callers get `DatabaseHeldUpError` after a moment instead of waiting
 * (a lookup counts as a miss, calibration as not measured), and the open completes once it can.
 */
export function cifraDb(): Promise<IDBPDatabase<CifraDb>> {
  opening ??= openCifraDb();
  // Once the open succeeds it wins (it comes first), even after `heldUp` has failed.
  return Promise.race([opening.open, opening.heldUp]);
}

function openCifraDb(): NonNullable<typeof opening> {
  let onBlocked = () => {};
  const blocked = new Promise<void>((resolve) => (onBlocked = resolve));
  const open = import('idb').then(({ openDB }) =>
    openDB<CifraDb>(dbName, dbVersion, {
      upgrade: (database, oldVersion) => upgradeCifraDb(database, oldVersion),
      blocked: () => onBlocked(),
      blocking(_current, _next, event) {
        (event.target as IDBDatabase).close();
        opening = undefined;
      },
      terminated() {
        opening = undefined;
      },
    }),
  );
  const heldUp = blocked
    .then(() => new Promise((resolve) => setTimeout(resolve, heldUpMs)))
    .then((): never => {
      throw new DatabaseHeldUpError('An older version of Cifra open in another tab holds up its storage.');
    });
  heldUp.catch(() => {});
  return { open, heldUp };
}

export const resultKey = (modelVersion: string, inputHash: string) => `${modelVersion}:${inputHash}`;

/**
 * The "version" a personal model's answers are kept under: the base version and the head's id,
 * so they never mix with the base model's answers nor with an earlier head's.
 */
export const personalKey = (modelVersion: string, personalId: string | undefined) =>
  personalId ? `${modelVersion}+${personalId}` : modelVersion;

/** Every key of one user, in `results` and in its `byUserTime` index (arrays sort after numbers and strings). */
export const userRange = (userId: string) => IDBKeyRange.bound([userId], [userId, []]);
