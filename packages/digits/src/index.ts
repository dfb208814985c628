/**
 * @cifra/digits: any picture → the 28x28 MNIST-convention model input, the input's hash,
 * and the augmentations training uses. Pure TypeScript: no DOM, no tfjs.
 */
export * from './errors.ts';
export * from './image.ts';
export * from './to-model-input.ts';
export * from './input-hash.ts';
export * from './random.ts';
export * from './geometry.ts';
export * from './augment.ts';
export * from './number.ts';
export type { Box } from './components.ts';
/** Synthetic pen strokes for tests and benchmarks (tree-shaken away where unused). */
export * as synthetic from './synthetic.ts';
