import {
  currentModelSchema,
  modelManifestSchema,
  modelVersionSchema,
  type ModelManifest,
} from '@cifra/contracts';
import type { Bindings } from '../env.ts';

/** Manifests are content-addressed (the version is their hash): cache them for the isolate's life. */
const manifests = new Map<string, ModelManifest>();
/** The pointer to the current version changes on deploy; re-read it now and then. */
const currentTtlMs = 30_000;
let current: { version: string; readAt: number } | undefined;

/** Reads a JSON file of the static assets; undefined when it is missing or not JSON. */
async function readAssetJson(env: Bindings, path: string): Promise<unknown> {
  const response = await env.ASSETS.fetch(new Request(`https://assets.invalid${path}`));
  // The SPA fallback answers unknown paths with index.html: only JSON counts.
  if (!response.ok || !(response.headers.get('content-type') ?? '').includes('json')) {
    await response.body?.cancel();
    return undefined;
  }
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

/** The manifest of a version, or undefined when there is no such version. */
export async function loadManifest(env: Bindings, version: string): Promise<ModelManifest | undefined> {
  if (!modelVersionSchema.safeParse(version).success) return undefined;
  const cached = manifests.get(version);
  if (cached) return cached;
  const parsed = modelManifestSchema.safeParse(await readAssetJson(env, `/model/${version}/manifest.json`));
  if (!parsed.success || parsed.data.version !== version) return undefined;
  manifests.set(version, parsed.data);
  return parsed.data;
}

/** The current model's manifest (public/model/current.json), or undefined when none is deployed. */
export async function loadCurrentManifest(env: Bindings): Promise<ModelManifest | undefined> {
  if (!current || Date.now() - current.readAt > currentTtlMs) {
    const parsed = currentModelSchema.safeParse(await readAssetJson(env, '/model/current.json'));
    if (!parsed.success) return undefined;
    current = { version: parsed.data.version, readAt: Date.now() };
  }
  return loadManifest(env, current.version);
}
