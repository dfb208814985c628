/**
 * Loads the committed model (public/model/current.json → manifest → files, each checked
 * against its sha256 like the app does) and answers digits for model inputs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { currentModelSchema, modelManifestSchema, type ModelManifest } from '@cifra/contracts';
import { sha256Hex } from './hashing.ts';
import { loadModelFromDir } from './model-files.ts';
import { publicModelDir } from './paths.ts';
import { setupTf, tf } from './tf-setup.ts';

export interface Prediction {
  digit: number;
  probability: number;
  probabilities: number[];
}

export function readCurrentManifest(root = publicModelDir()): { manifest: ModelManifest; dir: string } {
  const current = currentModelSchema.parse(JSON.parse(readFileSync(join(root, 'current.json'), 'utf8')));
  const manifest = modelManifestSchema.parse(JSON.parse(readFileSync(join(root, current.manifest), 'utf8')));
  if (manifest.version !== current.version) {
    throw new Error(`current.json names ${current.version} but its manifest says ${manifest.version}`);
  }
  return { manifest, dir: join(root, current.version) };
}

export function verifyFiles(manifest: ModelManifest, dir: string): void {
  for (const file of manifest.files) {
    const bytes = readFileSync(join(dir, file.path));
    if (bytes.byteLength !== file.bytes || sha256Hex(bytes) !== file.sha256) {
      throw new Error(`model file ${file.path} does not match its manifest entry`);
    }
  }
}

export class Predictor {
  private constructor(
    readonly model: TF.LayersModel,
    readonly manifest: ModelManifest,
  ) {}

  static async load(root = publicModelDir()): Promise<Predictor> {
    await setupTf();
    const { manifest, dir } = readCurrentManifest(root);
    verifyFiles(manifest, dir);
    return new Predictor(await loadModelFromDir(dir), manifest);
  }

  /** Probabilities for a batch of 28x28 float inputs (each 784 values in 0..1). */
  predictBatch(inputs: Float32Array[]): Prediction[] {
    if (inputs.length === 0) return [];
    const flat = new Float32Array(inputs.length * 784);
    inputs.forEach((input, i) => flat.set(input, i * 784));
    const probs = tf.tidy(() => {
      const out = this.model.predict(tf.tensor4d(flat, [inputs.length, 28, 28, 1])) as TF.Tensor;
      return out.dataSync() as Float32Array;
    });
    return inputs.map((_, i) => {
      const probabilities = Array.from(probs.subarray(i * 10, i * 10 + 10));
      let digit = 0;
      for (let d = 1; d < 10; d++)
        if ((probabilities[d] as number) > (probabilities[digit] as number)) digit = d;
      return { digit, probability: probabilities[digit] as number, probabilities };
    });
  }

  predict(input: Float32Array): Prediction {
    return this.predictBatch([input])[0] as Prediction;
  }
}
