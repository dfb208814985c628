/**
 * Shared contracts of Cifra: zod schemas and their types for every body that crosses the
 * edge, the error shape, security headers, and the model manifest. Edge, web and model
 * import from here only.
 */
export * from './errors.ts';
export * from './health.ts';
export * from './security-headers.ts';
export * from './model-manifest.ts';
export * from './auth.ts';
export * from './predictions.ts';
export * from './signed-model.ts';
