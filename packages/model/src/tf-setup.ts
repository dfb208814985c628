/**
 * One place that prepares tfjs in Node: wasm backend (tfjs-node cannot install here) plus
 * the composed conv gradients and the faster max-pool gradient, so training, eval, bench and the CLI run the same kernels.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerConvGradients } from './kernels/conv-gradients.ts';
import { registerFastMaxPoolGrad } from './kernels/max-pool-grad.ts';

let registered = false;

/** Registers the gradient kernels once and makes `backend` the active one. */
export async function setupTf(backend: 'wasm' | 'cpu' = 'wasm'): Promise<typeof tf> {
  if (!registered) {
    registerConvGradients('wasm');
    registerFastMaxPoolGrad('wasm');
    registered = true;
  }
  if (tf.getBackend() !== backend) {
    const ok = await tf.setBackend(backend);
    if (!ok) throw new Error(`tfjs backend ${backend} failed to initialise`);
  }
  await tf.ready();
  return tf;
}

export { tf };
