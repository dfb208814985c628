import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel, type LayersModel } from '@tensorflow/tfjs-layers';
import type { BackendName, Prediction } from '../shared/inference-protocol.ts';
import type { LoadedFiles } from './model-store.ts';

interface ModelJson {
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/**
 * The loaded model, one LayersModel per backend (weights live on the backend that made them),
 * built from verified in-memory files: no network involved.
 */
export class ModelRunner {
  readonly version: string;
  readonly bytes: number;
  readonly #artifacts: tf.io.ModelArtifacts;
  readonly #models = new Map<BackendName, Promise<LayersModel>>();

  constructor(loaded: LoadedFiles) {
    const { manifest, files } = loaded;
    this.version = manifest.version;
    this.bytes = manifest.files.reduce((sum, file) => sum + file.bytes, 0);
    const modelJson = JSON.parse(new TextDecoder().decode(files.get(manifest.modelFile))) as ModelJson;
    const buffers = modelJson.weightsManifest.flatMap((group) =>
      group.paths.map((path) => {
        const bytes = files.get(path);
        if (!bytes) throw new Error(`Model file ${path} is missing`);
        return bytes;
      }),
    );
    this.#artifacts = {
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
      weightData: tf.io.concatenateArrayBuffers(buffers),
    };
  }

  /** The model on the active backend (call after the backend is active). */
  #model(backend: BackendName): Promise<LayersModel> {
    let model = this.#models.get(backend);
    if (!model) {
      model = loadLayersModel(tf.io.fromMemory(this.#artifacts));
      this.#models.set(backend, model);
    }
    return model;
  }

  /** Runs one batch on the active backend; returns each input's probabilities. */
  async predict(backend: BackendName, inputs: Uint8Array[]): Promise<Prediction[]> {
    const model = await this.#model(backend);
    const batch = new Float32Array(inputs.length * 784);
    inputs.forEach((pixels, index) => {
      for (let i = 0; i < 784; i++) batch[index * 784 + i] = (pixels[i] ?? 0) / 255;
    });
    const x = tf.tensor4d(batch, [inputs.length, 28, 28, 1]);
    const y = model.predict(x) as tf.Tensor;
    const values = await y.data();
    tf.dispose([x, y]);
    return inputs.map((_, index) => {
      const probabilities = Array.from(values.subarray(index * 10, index * 10 + 10));
      const digit = probabilities.indexOf(Math.max(...probabilities));
      return { digit, probability: probabilities[digit] ?? 0, probabilities };
    });
  }

  dispose(): void {
    for (const model of this.#models.values()) void model.then((loaded) => loaded.dispose()).catch(() => {});
    this.#models.clear();
  }
}
