/**
 * One place that prepares tfjs in Node: wasm backend (tfjs-node cannot install here) plus
 * the composed conv gradients and the faster max-pool gradient, so training, eval, bench and the CLI run the same kernels.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerConvGradients } from './kernels/conv-gradients.ts';
import { registerFastMaxPoolGrad } from './kernels/max-pool-grad.ts';

const registered = new Set<string>();

/**
 * Makes `backend` the active one. On wasm it first registers the composed conv gradients and the
 * fast max-pool gradient (once): they are written against the wasm backend's methods, so cpu (the
 * parity checks' reference) keeps tfjs's own kernels.
 */
export async function setupTf(backend: 'wasm' | 'cpu' = 'wasm'): Promise<typeof tf> {
  if (backend === 'wasm' && !registered.has(backend)) {
    registerConvGradients(backend);
    registerFastMaxPoolGrad(backend);
    registered.add(backend);
  }
  if (tf.getBackend() !== backend) {
    const ok = await tf.setBackend(backend);
    if (!ok) throw new Error(`tfjs backend ${backend} failed to initialise`);
  }
  await tf.ready();
  return tf;
}

export { tf };
