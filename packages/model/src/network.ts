/**
 * The CNN. Small on purpose: the quantised weights must stay under 100 KB and one digit must
 * take well under a millisecond on the wasm backend, yet reach >= 99.3 % on MNIST.
 */
import type * as TF from '@tensorflow/tfjs';
import { tf } from './tf-setup.ts';

export type Architecture = 'lenet' | 'deep';

export function buildModel(arch: Architecture, seed: number): TF.LayersModel {
  let s = seed;
  // Each layer gets its own seed, so weight init is reproducible yet not identical per layer.
  const init = (): ReturnType<typeof tf.initializers.heNormal> => tf.initializers.heNormal({ seed: s++ });
  const conv = (filters: number, kernelSize: number, inputShape?: number[]): TF.layers.Layer =>
    tf.layers.conv2d({
      filters,
      kernelSize,
      padding: 'valid',
      activation: 'relu',
      kernelInitializer: init(),
      ...(inputShape ? { inputShape } : {}),
    });
  const model = tf.sequential({ name: `cifra_${arch}` });
  if (arch === 'lenet') {
    model.add(conv(24, 5, [28, 28, 1]));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(conv(48, 5));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tf.layers.flatten());
    model.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init() }));
  } else {
    model.add(conv(32, 3, [28, 28, 1]));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(conv(64, 3));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(conv(96, 3));
    model.add(tf.layers.flatten());
  }
  model.add(tf.layers.dropout({ rate: 0.3 }));
  model.add(
    tf.layers.dense({
      units: 10,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: s++ }),
    }),
  );
  return model;
}
