import * as z from 'zod/mini';

const digitSchema = z.int().check(z.minimum(0), z.maximum(9));
const probabilitySchema = z.number().check(z.minimum(0), z.maximum(1));

/** Hex SHA-256 of the 784-byte model input: the cache key, with the model version. */
export const inputHashSchema = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'lowercase hex SHA-256'));

/** A result contributed to the shared cache. */
export const predictionBodySchema = z
  .object({
    digit: digitSchema,
    probability: probabilitySchema,
    probabilities: z.array(probabilitySchema).check(z.length(10)),
  })
  .check(
    z.refine((body) => Math.abs(body.probabilities.reduce((sum, p) => sum + p, 0) - 1) < 0.01, {
      message: 'probabilities must sum to 1',
      path: ['probabilities'],
    }),
    z.refine((body) => body.probabilities.indexOf(Math.max(...body.probabilities)) === body.digit, {
      message: 'digit must be the most probable class',
      path: ['digit'],
    }),
  );
export type PredictionBody = z.infer<typeof predictionBodySchema>;

/**
 * A shared-cache hit. `source` says whose answer it is: yours, agreed by a quorum of accounts,
 * or computed by the server itself (`POST /api/predict`, a trusted vote).
 */
export const cachedPredictionSchema = z.object({
  digit: digitSchema,
  probability: probabilitySchema,
  probabilities: z.array(z.number()).check(z.length(10)),
  modelVersion: z.string(),
  source: z.enum(['own', 'quorum', 'server']),
  /** Distinct accounts that reported this digit (0 for a server-only answer). */
  votes: z.int().check(z.nonnegative()),
});
export type CachedPrediction = z.infer<typeof cachedPredictionSchema>;

/** Answer of PUT: whether the entry is now served to everybody. */
export const predictionWriteSchema = z.object({
  stored: z.boolean(),
  votes: z.int().check(z.nonnegative()),
  shared: z.boolean(),
});
export type PredictionWrite = z.infer<typeof predictionWriteSchema>;

/** `POST /api/predict`: the seed's answer, plus where it came from. */
export const predictResponseSchema = z.object({
  digit: digitSchema,
  probability: probabilitySchema,
  probabilities: z.array(z.number()).check(z.length(10)),
  /** True when the shared cache answered (no inference ran). */
  cached: z.boolean(),
  modelVersion: z.string(),
  /** Server time spent on this request (decode, preprocess, cache, inference). */
  ms: z.number().check(z.nonnegative()),
});
export type PredictResponse = z.infer<typeof predictResponseSchema>;
