/**
 * @cifra/digits: any picture → the 28x28 MNIST-convention model input, the input's hash,
 * and the augmentations training uses. Pure TypeScript: no DOM, no tfjs.
 */
export * from './random.ts';
export * from './geometry.ts';
export * from './augment.ts';
