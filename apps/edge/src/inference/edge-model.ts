import { loadPredictor, type Predictor } from '@cifra/inference';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { Bindings } from '../env.ts';
import { loadCurrentManifest } from '../model/manifests.ts';

let loaded: { version: string; predictor: Promise<Predictor> } | undefined;

/** The model files come from our own assets; the inference core still checks each SHA-256. */
async function load(env: Bindings, version: string): Promise<Predictor> {
  const manifest = await loadCurrentManifest(env);
  if (manifest?.version !== version) throw new Error(`model ${version} is no longer current`);
  // tfjs's cpu backend: pure JS. The WASM backend would need to compile its .wasm at run time,
  // which Workers forbid (only modules bundled at deploy time may be instantiated).
  if (tf.getBackend() !== 'cpu' && !(await tf.setBackend('cpu'))) throw new Error('tfjs cpu backend failed');
  const files = new Map<string, ArrayBuffer>();
  for (const file of manifest.files) {
    const response = await env.ASSETS.fetch(
      new Request(`https://assets.invalid/model/${manifest.version}/${file.path}`),
    );
    if (!response.ok) throw new Error(`model file ${file.path}: HTTP ${response.status}`);
    files.set(file.path, await response.arrayBuffer());
  }
  return loadPredictor({ manifest, files });
}

/** The current model, loaded on first use and kept for the isolate's life. */
export async function serverModel(env: Bindings): Promise<Predictor> {
  const manifest = await loadCurrentManifest(env);
  if (!manifest) throw new Error('No model is deployed on this server.');
  if (loaded?.version !== manifest.version) {
    const predictor = load(env, manifest.version);
    loaded = { version: manifest.version, predictor };
    // A failed load is retried by the next request rather than cached.
    predictor.catch(() => {
      if (loaded?.predictor === predictor) loaded = undefined;
    });
  }
  return loaded.predictor;
}
