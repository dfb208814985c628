import { sha256Hex } from './model-files.ts';

/**
 * One person's replacement for the model's last layer, trained on their own samples by
 * {@link personalise}. Small (a few kernels of floats), kept on their device, never uploaded.
 */
export interface PersonalHead {
  /** The model version whose features it reads; useless with any other. */
  baseVersion: string;
  /** [features x classes], row-major, as the dense layer's kernel. */
  kernel: Float32Array;
  bias: Float32Array;
  /** 16 hex digits of the SHA-256 of kernel and bias: names the head in cache keys. */
  id: string;
}

/** Names a head by its weights, so two different personal models never share a cache key. */
export async function personalHeadId(kernel: Float32Array, bias: Float32Array): Promise<string> {
  const bytes = new Uint8Array(kernel.byteLength + bias.byteLength);
  bytes.set(new Uint8Array(kernel.buffer, kernel.byteOffset, kernel.byteLength));
  bytes.set(new Uint8Array(bias.buffer, bias.byteOffset, bias.byteLength), kernel.byteLength);
  return (await sha256Hex(bytes)).slice(0, 16);
}
