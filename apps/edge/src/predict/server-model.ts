import type { ModelManifest } from '@cifra/contracts';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadLayersModel, type LayersModel } from '@tensorflow/tfjs-layers';
import type { Bindings } from '../env.ts';
import { loadCurrentManifest } from '../model/manifests.ts';
import { toHex } from '../utils/encoding.ts';

interface ModelJson {
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/** The model as the Worker runs it: loaded once per isolate and per version. */
export interface ServerModel {
  version: string;
  predict(pixels: Uint8Array): Promise<number[]>;
}

let loaded: { version: string; model: Promise<ServerModel> } | undefined;

/** Model files came from our own assets, but are still checked against the manifest. */
async function readFile(env: Bindings, manifest: ModelManifest, path: string): Promise<ArrayBuffer> {
  const response = await env.ASSETS.fetch(
    new Request(`https://assets.invalid/model/${manifest.version}/${path}`),
  );
  if (!response.ok) throw new Error(`model file ${path}: HTTP ${response.status}`);
  const bytes = await response.arrayBuffer();
  const expected = manifest.files.find((file) => file.path === path)?.sha256;
  const actual = toHex(await crypto.subtle.digest('SHA-256', bytes));
  if (actual !== expected) throw new Error(`model file ${path} does not match its SHA-256`);
  return bytes;
}

async function load(env: Bindings, manifest: ModelManifest): Promise<ServerModel> {
  // tfjs's cpu backend: pure JS. The WASM backend would need to compile its .wasm at run time,
  // which Workers forbid (only modules bundled at deploy time may be instantiated).
  await tf.setBackend('cpu');
  const modelJson = JSON.parse(
    new TextDecoder().decode(await readFile(env, manifest, manifest.modelFile)),
  ) as ModelJson;
  const shards = await Promise.all(
    modelJson.weightsManifest.flatMap((group) => group.paths).map((path) => readFile(env, manifest, path)),
  );
  const model: LayersModel = await loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
      weightData: tf.io.concatenateArrayBuffers(shards),
    }),
  );
  return {
    version: manifest.version,
    async predict(pixels) {
      const x = tf.tidy(() =>
        tf.tensor4d(
          Float32Array.from(pixels, (value) => value / 255),
          [1, 28, 28, 1],
        ),
      );
      const y = model.predict(x) as tf.Tensor;
      const values = Array.from(await y.data());
      tf.dispose([x, y]);
      return values;
    },
  };
}

/** The current model, loaded on first use and kept for the isolate's life. */
export async function serverModel(env: Bindings): Promise<ServerModel> {
  const manifest = await loadCurrentManifest(env);
  if (!manifest) throw new Error('No model is deployed on this server.');
  if (loaded?.version !== manifest.version) {
    const model = load(env, manifest);
    loaded = { version: manifest.version, model };
    // A failed load is retried by the next request rather than cached.
    model.catch(() => {
      if (loaded?.model === model) loaded = undefined;
    });
  }
  return loaded.model;
}
