import * as z from 'zod/mini';

const digitSchema = z.int().check(z.minimum(0), z.maximum(9));
const probabilitySchema = z.number().check(z.minimum(0), z.maximum(1));

/** Hex SHA-256 of the 784-byte model input: the cache key, with the model version. */
export const inputHashSchema = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'lowercase hex SHA-256'));

/** The 784-byte model input (28x28, 0–255, ink-high, from toModelInput) as base64: 1,048 chars. */
export const modelInputBase64Schema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9+/]{1044}[A-Za-z0-9+/]{2}==$/, '784 bytes as base64 (1,048 characters)'));

/**
 * `PUT /api/predictions/<version>/<sha256>`: a contribution to the shared cache. The client
 * sends the input it hashed (never the picture) and its own answer; the edge checks that the
 * input's SHA-256 is the key, runs its own model on it, and keeps only its own result.
 */
export const contributionBodySchema = z.object({
  input: modelInputBase64Schema,
  digit: digitSchema,
});
export type ContributionBody = z.infer<typeof contributionBodySchema>;

/** Answer of an agreeing contribution: the entry now holds the edge's own result. */
export const contributionResultSchema = z.object({
  stored: z.boolean(),
  digit: digitSchema,
});
export type ContributionResult = z.infer<typeof contributionResultSchema>;

/** One model answer: the digit, its probability and all ten. */
const answerShape = {
  digit: digitSchema,
  probability: probabilitySchema,
  probabilities: z.array(z.number()).check(z.length(10)),
};

/**
 * A shared-cache hit: always an answer the edge computed itself (from a contribution's input or
 * `POST /api/predict`), never a client's claim.
 */
export const cachedPredictionSchema = z.object({
  ...answerShape,
  modelVersion: z.string(),
  source: z.literal('edge'),
});
export type CachedPrediction = z.infer<typeof cachedPredictionSchema>;

/** `POST /api/predict`: the seed's answer, plus where it came from. */
export const predictResponseSchema = z.object({
  ...answerShape,
  /** True when the shared cache answered (no inference ran). */
  cached: z.boolean(),
  /** The tfjs backend the edge computed on (`wasm`, or `cpu` where WASM cannot start); absent on a cache hit. */
  backend: z.optional(z.enum(['wasm', 'cpu'])),
  modelVersion: z.string(),
  /** Server time spent on this request (decode, preprocess, cache, inference). */
  ms: z.number().check(z.nonnegative()),
});
export type PredictResponse = z.infer<typeof predictResponseSchema>;
