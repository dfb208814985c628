import type { ModelManifest } from '@cifra/contracts';
import type { io } from '@tensorflow/tfjs-core';
import { ModelIntegrityError, UnsupportedModelError } from './errors.ts';

/** A model version's files as bytes, keyed by their path in the manifest. */
export interface ModelFiles {
  manifest: ModelManifest;
  files: ReadonlyMap<string, ArrayBuffer | Uint8Array>;
}

/** What model.json holds (tfjs layers format). */
export interface LayersModelJson {
  modelTopology: unknown;
  weightsManifest: { paths: string[]; weights: io.WeightsManifestEntry[] }[];
}

/** The topology and the joined weights, ready for the execution plan. */
export interface ModelArtifacts {
  topology: unknown;
  weightSpecs: io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
}

const toBytes = (data: ArrayBuffer | Uint8Array): Uint8Array =>
  data instanceof Uint8Array ? data : new Uint8Array(data);

export async function sha256Hex(data: ArrayBuffer | Uint8Array): Promise<string> {
  // Model bytes never live in a SharedArrayBuffer; WebCrypto's types just cannot know that.
  const digest = await crypto.subtle.digest('SHA-256', toBytes(data) as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Checks every file of the manifest against its size and SHA-256 (WebCrypto: the same code in
 * the browser, workerd and Node). Throws {@link ModelIntegrityError} on the first that fails.
 */
export async function verifyModelFiles({ manifest, files }: ModelFiles): Promise<void> {
  for (const file of manifest.files) {
    const data = files.get(file.path);
    if (!data) throw new ModelIntegrityError(file.path, 'missing');
    if (data.byteLength !== file.bytes) throw new ModelIntegrityError(file.path, 'size');
    if ((await sha256Hex(data)) !== file.sha256) throw new ModelIntegrityError(file.path, 'sha256');
  }
}

/** Reads model.json and joins its weight shards in manifest order. */
export function readArtifacts({ manifest, files }: ModelFiles): ModelArtifacts {
  const modelFile = files.get(manifest.modelFile);
  if (!modelFile) throw new ModelIntegrityError(manifest.modelFile, 'missing');
  let json: LayersModelJson;
  try {
    json = JSON.parse(new TextDecoder().decode(toBytes(modelFile))) as LayersModelJson;
  } catch (error) {
    throw new UnsupportedModelError(`${manifest.modelFile} is not JSON (${String(error)})`);
  }
  if (!Array.isArray(json.weightsManifest))
    throw new UnsupportedModelError('model.json has no weightsManifest');
  const shards = json.weightsManifest.flatMap((group) =>
    group.paths.map((path) => {
      const data = files.get(path);
      if (!data) throw new ModelIntegrityError(path, 'missing');
      return toBytes(data);
    }),
  );
  const weightData = new Uint8Array(shards.reduce((sum, shard) => sum + shard.byteLength, 0));
  let offset = 0;
  for (const shard of shards) {
    weightData.set(shard, offset);
    offset += shard.byteLength;
  }
  return {
    topology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
    weightData: weightData.buffer,
  };
}
