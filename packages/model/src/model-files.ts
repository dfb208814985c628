/**
 * Reading and writing tfjs layers models as files in Node (tfjs-node, which has a file://
 * handler, cannot install here). The same format the browser loads over HTTP: model.json
 * with a weights manifest, plus binary shards.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { tf } from './tf-setup.ts';

export interface ModelJson {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: string | null;
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: TF.io.WeightsManifestEntry[] }[];
}

/** Captures a model's topology, weight specs and one joined weight buffer. */
export async function captureArtifacts(model: TF.LayersModel): Promise<TF.io.ModelArtifacts> {
  let captured: TF.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
  if (!captured?.weightData || !captured.weightSpecs) throw new Error('model saved no weights');
  // tfjs 4.22 may hand over an array of buffers; one buffer is simpler to quantise and shard.
  const weightData = tf.io.CompositeArrayBuffer.join(captured.weightData);
  return { ...captured, weightData };
}

/** Writes model.json plus shards of at most `shardBytes`; returns the file names written. */
export function writeModelFiles(
  dir: string,
  artifacts: TF.io.ModelArtifacts,
  shardBytes = 4 * 1024 * 1024,
): string[] {
  mkdirSync(dir, { recursive: true });
  const data = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0)));
  const shardCount = Math.max(1, Math.ceil(data.byteLength / shardBytes));
  const paths: string[] = [];
  for (let i = 0; i < shardCount; i++) {
    const name = `group1-shard${i + 1}of${shardCount}.bin`;
    writeFileSync(join(dir, name), data.subarray(i * shardBytes, (i + 1) * shardBytes));
    paths.push(name);
  }
  const json: ModelJson = {
    format: 'layers-model',
    generatedBy: 'cifra @cifra/model',
    convertedBy: null,
    modelTopology: artifacts.modelTopology as object,
    weightsManifest: [{ paths, weights: artifacts.weightSpecs ?? [] }],
  };
  writeFileSync(join(dir, 'model.json'), `${JSON.stringify(json)}\n`);
  return ['model.json', ...paths];
}

/** Reads model.json and its shards back into artifacts (quantised weights stay quantised;
 * tfjs dequantises them in loadLayersModel, exactly as in the browser). */
export function readModelFiles(dir: string): TF.io.ModelArtifacts {
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as ModelJson;
  const buffers: Uint8Array[] = [];
  const weightSpecs: TF.io.WeightsManifestEntry[] = [];
  for (const group of json.weightsManifest) {
    for (const p of group.paths) buffers.push(readFileSync(join(dir, p)));
    weightSpecs.push(...group.weights);
  }
  const total = buffers.reduce((n, b) => n + b.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    joined.set(b, offset);
    offset += b.byteLength;
  }
  return { modelTopology: json.modelTopology, weightSpecs, weightData: joined.buffer };
}

export async function loadModelFromDir(dir: string): Promise<TF.LayersModel> {
  return tf.loadLayersModel(tf.io.fromMemory(readModelFiles(dir)));
}
