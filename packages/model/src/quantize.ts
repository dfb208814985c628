/**
 * uint8 weight quantisation in the format tfjs dequantises on load (per tensor:
 * value = q * scale + min). `min` is snapped so that 0 is exactly representable: ReLU nets
 * have many exact zeros (biases start at 0) and this keeps them exact.
 */
import type * as TF from '@tensorflow/tfjs';

export interface QuantizedTensor {
  bytes: Uint8Array;
  min: number;
  scale: number;
}

export function quantizeUint8(values: Float32Array): QuantizedTensor {
  let lo = 0;
  let hi = 0;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const scale = hi > lo ? (hi - lo) / 255 : 1;
  const zeroPoint = Math.round(-lo / scale);
  const min = -zeroPoint * scale;
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const q = Math.round(((values[i] as number) - min) / scale);
    bytes[i] = q < 0 ? 0 : q > 255 ? 255 : q;
  }
  return { bytes, min, scale };
}

/** Quantises every float32 weight of a set of artifacts (weightData must be one buffer). */
export function quantizeArtifacts(artifacts: TF.io.ModelArtifacts): TF.io.ModelArtifacts {
  if (!(artifacts.weightData instanceof ArrayBuffer) || !artifacts.weightSpecs) {
    throw new Error('quantizeArtifacts needs artifacts with one weight buffer');
  }
  const source = artifacts.weightData;
  const specs: TF.io.WeightsManifestEntry[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const spec of artifacts.weightSpecs) {
    if (spec.dtype !== 'float32' || spec.quantization) throw new Error(`cannot quantise ${spec.name}`);
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(source.slice(offset, offset + count * 4));
    offset += count * 4;
    const q = quantizeUint8(values);
    chunks.push(q.bytes);
    specs.push({
      name: spec.name,
      shape: spec.shape,
      dtype: 'float32',
      quantization: { dtype: 'uint8', min: q.min, scale: q.scale },
    });
  }
  const total = chunks.reduce((n, c) => n + c.byteLength, 0);
  const data = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    data.set(c, at);
    at += c.byteLength;
  }
  return { ...artifacts, weightSpecs: specs, weightData: data.buffer };
}
