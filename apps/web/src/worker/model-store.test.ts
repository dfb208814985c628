import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { modelManifestSchema, type SignedModel } from '@cifra/contracts';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const origin = 'https://cifra.test';
const modelDir = new URL('../../../../public/model/', import.meta.url);

/** Cache Storage, which Node lacks: one in-memory Cache per name (match, put, keys, delete). */
class MemoryCache {
  readonly entries = new Map<string, Response>();
  async match(url: string) {
    return this.entries.get(new URL(url, origin).href)?.clone();
  }
  async put(url: string, response: Response) {
    this.entries.set(new URL(url, origin).href, response);
  }
  async keys() {
    return [...this.entries.keys()].map((url) => new Request(url));
  }
  async delete(request: Request) {
    return this.entries.delete(request.url);
  }
}
let caches: Map<string, MemoryCache>;

/** The real model of this repository, and its files' bytes as the edge would serve them. */
async function realModel(): Promise<{ signed: SignedModel; bytes: Map<string, Uint8Array> }> {
  const { version } = JSON.parse(
    await readFile(fileURLToPath(new URL('current.json', modelDir)), 'utf8'),
  ) as {
    version: string;
  };
  const dir = new URL(`${version}/`, modelDir);
  const manifest = modelManifestSchema.parse(
    JSON.parse(await readFile(fileURLToPath(new URL('manifest.json', dir)), 'utf8')),
  );
  const bytes = new Map<string, Uint8Array>();
  for (const file of manifest.files)
    bytes.set(file.path, new Uint8Array(await readFile(fileURLToPath(new URL(file.path, dir)))));
  const files = manifest.files.map((file) => ({ ...file, url: `/model/${version}/${file.path}?sig=x` }));
  return { signed: { manifest, files, expiresAt: 0 }, bytes };
}

/** The network: serves the files, with `tamper` changing one byte of the named file. */
function serve(bytes: Map<string, Uint8Array>, tamper?: string) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      const path = url.split('?')[0]!.split('/').pop()!;
      const body = new Uint8Array(bytes.get(path)!);
      if (path === tamper) body[body.length - 1]! ^= 0xff;
      return new Response(body);
    }),
  );
}

beforeEach(() => {
  caches = new Map();
  vi.stubGlobal('self', { location: { origin } });
  vi.stubGlobal('caches', {
    open: async (name: string) => caches.get(name) ?? caches.set(name, new MemoryCache()).get(name)!,
    delete: async (name: string) => caches.delete(name),
  });
  vi.resetModules();
});

const store = () => import('./model-store.ts');

describe('the model on the device', () => {
  it('files that match the manifest’s SHA-256 are kept and load offline', async () => {
    const { signed, bytes } = await realModel();
    serve(bytes);
    const { syncModel, cachedModel } = await store();
    const synced = await syncModel(signed, () => {});
    expect(synced.fromCache).toBe(false);
    const offline = await cachedModel();
    expect([...offline.files.keys()].sort()).toEqual(signed.manifest.files.map((file) => file.path).sort());
  });

  it('a file tampered on its way is refused, and nothing is stored', async () => {
    const { signed, bytes } = await realModel();
    const victim = signed.manifest.files.at(-1)!.path;
    serve(bytes, victim);
    const { syncModel, cachedModel, ModelUnavailableError } = await store();
    await expect(syncModel(signed, () => {})).rejects.toMatchObject({
      name: 'ModelIntegrityError',
      path: victim,
    });
    await expect(cachedModel()).rejects.toBeInstanceOf(ModelUnavailableError);
    // Not one file of the refused version was kept, the good ones included.
    expect([...caches.values()].every((cache) => cache.entries.size === 0)).toBe(true);
  });

  it('a file tampered in the cache is refused at start-up and downloaded again', async () => {
    const { signed, bytes } = await realModel();
    serve(bytes);
    const { syncModel, cachedModel, ModelUnavailableError } = await store();
    await syncModel(signed, () => {});
    const cache = [...caches.values()][0]!;
    const victim = signed.manifest.files[0]!;
    const stored = `${origin}/model/${signed.manifest.version}/${victim.path}`;
    const changed = new Uint8Array(await (await cache.match(stored))!.arrayBuffer());
    changed[0]! ^= 0xff;
    await cache.put(stored, new Response(changed));

    await expect(cachedModel()).rejects.toBeInstanceOf(ModelUnavailableError);
    const again = await syncModel(signed, () => {});
    expect(again.fromCache).toBe(false);
    expect(new Uint8Array(again.files.get(victim.path)!)).toEqual(bytes.get(victim.path));
  });
});
