/**
 * IndexedDB for unit tests in Node: fake-indexeddb's globals (IDBRequest, IDBKeyRange, …, which
 * idb relies on), and a fresh, empty database for every test. Import it before the modules under
 * test; they are loaded anew per test (`vi.resetModules`), since db.ts keeps its connection.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, vi } from 'vitest';

beforeEach(() => {
  vi.stubGlobal('indexedDB', new IDBFactory());
  vi.resetModules();
});
