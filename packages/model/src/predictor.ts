/**
 * Loads the committed model (public/model/current.json → manifest → files) into the shared
 * inference core, the same code the app and the edge run, on tfjs's wasm backend in Node.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentModelSchema, modelManifestSchema, type ModelManifest } from '@cifra/contracts';
import { loadPredictor, type ModelFiles, type Predictor } from '@cifra/inference';
import { publicModelDir } from './paths.ts';
import { setupTf } from './tf-setup.ts';

export function readCurrentManifest(root = publicModelDir()): { manifest: ModelManifest; dir: string } {
  const current = currentModelSchema.parse(JSON.parse(readFileSync(join(root, 'current.json'), 'utf8')));
  const manifest = modelManifestSchema.parse(JSON.parse(readFileSync(join(root, current.manifest), 'utf8')));
  if (manifest.version !== current.version) {
    throw new Error(`current.json names ${current.version} but its manifest says ${manifest.version}`);
  }
  return { manifest, dir: join(root, current.version) };
}

/** The committed model's files as bytes (checked by the core when it loads them). */
export function readCommittedModel(root = publicModelDir()): ModelFiles {
  const { manifest, dir } = readCurrentManifest(root);
  return {
    manifest,
    files: new Map(manifest.files.map((file) => [file.path, readFileSync(join(dir, file.path))])),
  };
}

/** The committed model, verified, on the given backend (wasm unless told otherwise). */
export async function loadCommittedPredictor(
  root = publicModelDir(),
  backend: 'wasm' | 'cpu' = 'wasm',
): Promise<Predictor> {
  await setupTf(backend);
  return loadPredictor(readCommittedModel(root));
}
