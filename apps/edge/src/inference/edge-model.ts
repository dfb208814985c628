import { loadPredictor, type Predictor } from '@cifra/inference';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { readConfig } from '../config.ts';
import type { Bindings } from '../env.ts';
import { loadCurrentManifest } from '../model/manifests.ts';
import { useWasmBackend } from './wasm-backend.ts';

/** The backends the edge computes on: WASM, or tfjs's pure-JS cpu where WASM cannot start. */
export type EdgeBackend = 'wasm' | 'cpu';

/** The current model as the Worker runs it. */
export interface EdgeModel {
  predictor: Predictor;
  backend: EdgeBackend;
}

let loaded: { version: string; model: Promise<EdgeModel> } | undefined;

async function activateBackend(wanted: 'auto' | 'cpu'): Promise<EdgeBackend> {
  if (wanted === 'auto' && (await useWasmBackend())) return 'wasm';
  if (tf.getBackend() === 'cpu' || (await tf.setBackend('cpu'))) return 'cpu';
  throw new Error('neither tfjs backend (wasm, cpu) starts in this Worker');
}

/** The model files come from our own assets; the inference core still checks each SHA-256. */
async function load(env: Bindings, version: string): Promise<EdgeModel> {
  const manifest = await loadCurrentManifest(env);
  if (manifest?.version !== version) throw new Error(`model ${version} is no longer current`);
  const backend = await activateBackend(readConfig(env).INFERENCE_BACKEND);
  const files = new Map(
    await Promise.all(
      manifest.files.map(async (file) => {
        const response = await env.ASSETS.fetch(
          new Request(`https://assets.invalid/model/${manifest.version}/${file.path}`),
        );
        if (!response.ok) throw new Error(`model file ${file.path}: HTTP ${response.status}`);
        return [file.path, await response.arrayBuffer()] as const;
      }),
    ),
  );
  const predictor = await loadPredictor({ manifest, files });
  // Weights upload and the first kernel set-up happen now, not in someone's request.
  await predictor.warmUp();
  return { predictor, backend };
}

/** The current model, loaded on first use and kept for the isolate's life. */
export async function edgeModel(env: Bindings): Promise<EdgeModel> {
  const manifest = await loadCurrentManifest(env);
  if (!manifest) throw new Error('No model is deployed on this server.');
  if (loaded?.version !== manifest.version) {
    const model = load(env, manifest.version);
    loaded = { version: manifest.version, model };
    // A failed load is retried by the next request rather than cached.
    model.catch(() => {
      if (loaded?.model === model) loaded = undefined;
    });
  }
  return loaded.model;
}
