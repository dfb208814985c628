/**
 * Browser side of the harness pages: the committed model fetched over HTTP the way the app
 * fetches it (current.json → manifest → files), as bytes for `loadPredictor`, which checks them.
 */
import { currentModelSchema, modelManifestSchema } from '@cifra/contracts';
import type { ModelFiles } from '@cifra/inference';

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return response;
}

/** The model `base` (a URL path ending in `/`, e.g. `/model/`) names in its current.json. */
export async function fetchCommittedModel(base = '/model/'): Promise<ModelFiles> {
  const current = currentModelSchema.parse(await (await fetchOk(`${base}current.json`)).json());
  const manifest = modelManifestSchema.parse(await (await fetchOk(`${base}${current.manifest}`)).json());
  const files = new Map<string, ArrayBuffer>();
  for (const file of manifest.files) {
    files.set(file.path, await (await fetchOk(`${base}${current.version}/${file.path}`)).arrayBuffer());
  }
  return { manifest, files };
}
