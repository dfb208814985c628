/**
 * The model's files in Cache Storage, under their unsigned paths (`/model/<version>/<file>`),
 * so an offline start needs neither network nor a valid token. Every file is checked against
 * the manifest's SHA-256 before it is stored and again before it is used.
 */
import { modelManifestSchema, type ModelManifest, type SignedModel } from '@cifra/contracts';
import { ModelIntegrityError, sha256Hex } from '@cifra/inference';
import { modelCacheName, modelFileUrl } from '../shared/model-cache.ts';
import { WorkerFailure } from './worker-error.ts';

const cacheName = modelCacheName;
/** Which version is current on this device (a synthetic entry of the same cache). */
const pointerUrl = '/model/current-on-device.json';

/** No model on this device and no way to fetch one (offline before the first download). */
export class ModelUnavailableError extends WorkerFailure {
  override name = 'ModelUnavailableError';
  constructor() {
    super('model_unavailable', 'The model is not on this device yet.');
  }
}

export interface LoadedFiles {
  manifest: ModelManifest;
  files: Map<string, ArrayBuffer>;
}

const fileUrl = (version: string, path: string) => modelFileUrl(self.location.origin, version, path);

/** Reads a response body, reporting bytes as they arrive. */
async function readWithProgress(response: Response, onBytes: (bytes: number) => void): Promise<ArrayBuffer> {
  if (!response.body) return response.arrayBuffer();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    onBytes(value.length);
  }
  const joined = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined.buffer;
}

/** Reads the cached files of a version, verifying each; undefined when any is missing or bad. */
async function readCached(
  cache: Cache,
  manifest: ModelManifest,
): Promise<Map<string, ArrayBuffer> | undefined> {
  const files = new Map<string, ArrayBuffer>();
  for (const file of manifest.files) {
    const cached = await cache.match(fileUrl(manifest.version, file.path));
    if (!cached) return undefined;
    const bytes = await cached.arrayBuffer();
    if ((await sha256Hex(bytes)) !== file.sha256) return undefined;
    files.set(file.path, bytes);
  }
  return files;
}

/**
 * Makes sure the signed model is on the device (downloading what is missing, with progress)
 * and returns its verified files. A new version replaces the old one's files.
 */
export async function syncModel(
  signed: SignedModel,
  onProgress: (loaded: number, total: number) => void,
): Promise<LoadedFiles & { fromCache: boolean }> {
  const cache = await caches.open(cacheName);
  const { manifest } = signed;
  const total = manifest.files.reduce((sum, file) => sum + file.bytes, 0);
  const cached = await readCached(cache, manifest);
  if (cached) {
    onProgress(total, total);
    await setCurrent(cache, manifest);
    return { manifest, files: cached, fromCache: true };
  }

  let loaded = 0;
  // All files at once: on a slow link each sequential request would cost another round trip.
  const downloaded = await Promise.all(
    signed.files.map(async (file) => {
      const response = await fetch(file.url, { credentials: 'same-origin' });
      if (!response.ok)
        throw new WorkerFailure(
          'model_download_failed',
          `Downloading the model failed (HTTP ${response.status}).`,
        );
      const bytes = await readWithProgress(response, (count) => onProgress((loaded += count), total));
      if ((await sha256Hex(bytes)) !== file.sha256) throw new ModelIntegrityError(file.path, 'sha256');
      return [file.path, bytes] as const;
    }),
  );
  const files = new Map<string, ArrayBuffer>(downloaded);
  for (const [path, bytes] of files) {
    await cache.put(
      fileUrl(manifest.version, path),
      new Response(bytes, { headers: { 'content-type': 'application/octet-stream' } }),
    );
  }
  await setCurrent(cache, manifest);
  return { manifest, files, fromCache: false };
}

/** The model already on this device (offline start). */
export async function cachedModel(): Promise<LoadedFiles> {
  const cache = await caches.open(cacheName);
  const pointer = await cache.match(pointerUrl);
  const parsed = pointer ? modelManifestSchema.safeParse(await pointer.json()) : undefined;
  if (!parsed?.success) throw new ModelUnavailableError();
  const files = await readCached(cache, parsed.data);
  if (!files) throw new ModelUnavailableError();
  return { manifest: parsed.data, files };
}

/** Records the current version and deletes every other version's files. */
async function setCurrent(cache: Cache, manifest: ModelManifest): Promise<void> {
  await cache.put(
    pointerUrl,
    new Response(JSON.stringify(manifest), { headers: { 'content-type': 'application/json' } }),
  );
  const keep = new Set(manifest.files.map((file) => fileUrl(manifest.version, file.path)));
  for (const request of await cache.keys()) {
    if (request.url !== new URL(pointerUrl, self.location.origin).href && !keep.has(request.url))
      await cache.delete(request);
  }
}

export async function clearCachedModel(): Promise<void> {
  await caches.delete(cacheName);
}
