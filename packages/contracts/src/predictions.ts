import * as z from 'zod/mini';

const digitSchema = z.int().check(z.minimum(0), z.maximum(9));
const probabilitySchema = z.number().check(z.minimum(0), z.maximum(1));

/** Hex SHA-256 of the 784-byte model input: the cache key, with the model version. */
export const inputHashSchema = /* @__PURE__ */ (() =>
  z.string().check(z.regex(/^[0-9a-f]{64}$/, 'lowercase hex SHA-256')))();

/** The 784-byte model input (28x28, 0–255, ink-high, from toModelInput) as base64: 1,048 chars. */
export const modelInputBase64Schema = /* @__PURE__ */ (() =>
  z
    .string()
    .check(z.regex(/^[A-Za-z0-9+/]{1044}[A-Za-z0-9+/]{2}==$/, '784 bytes as base64 (1,048 characters)')))();

/**
 * `PUT /api/predictions/<version>/<sha256>`: a contribution to the shared cache. The client
 * sends the input it hashed (never the picture) and its own answer; the edge checks that the
 * input's SHA-256 is the key, runs its own model on it, and keeps only its own result.
 */
export const contributionBodySchema = /* @__PURE__ */ (() =>
  z.object({
    input: modelInputBase64Schema,
    digit: digitSchema,
  }))();
export type ContributionBody = z.infer<typeof contributionBodySchema>;

/** Answer of an agreeing contribution: the entry now holds the edge's own result. */
export const contributionResultSchema = /* @__PURE__ */ (() =>
  z.object({
    stored: z.boolean(),
    digit: digitSchema,
  }))();
export type ContributionResult = z.infer<typeof contributionResultSchema>;

/** One model answer: the digit, its probability and all ten. */
const answerShape = {
  digit: digitSchema,
  probability: probabilitySchema,
  probabilities: z.array(z.number()).check(z.length(10)),
};

/**
 * A shared-cache hit: always an answer the edge computed itself (from a contribution's input,
 * `POST /api/predict` or a digit of `POST /api/read`), never a client's claim.
 */
export const cachedPredictionSchema = z.object({
  ...answerShape,
  modelVersion: z.string(),
  source: z.literal('edge'),
});
export type CachedPrediction = z.infer<typeof cachedPredictionSchema>;

/** `POST /api/predict`: the seed's answer, plus where it came from. */
export const predictResponseSchema = /* @__PURE__ */ (() =>
  z.object({
    ...answerShape,
    /** True when the shared cache answered (no inference ran). */
    cached: z.boolean(),
    /** The tfjs backend the edge computed on (`wasm`, or `cpu` where WASM cannot start); absent on a cache hit. */
    backend: z.optional(z.enum(['wasm', 'cpu'])),
    modelVersion: z.string(),
    /** Server time spent on this request (decode, preprocess, cache, inference). */
    ms: z.number().check(z.nonnegative()),
  }))();
export type PredictResponse = z.infer<typeof predictResponseSchema>;

/*
 * The read schemas are built by functions called with a PURE mark, so a bundle that never uses
 * them (the page: it reads numbers on the device) drops them: the first screen has a budget.
 */

/** A rectangle of the picture, in its own pixels. */
function boxSchema() {
  return z.object({
    x: z.int().check(z.nonnegative()),
    y: z.int().check(z.nonnegative()),
    width: z.int().check(z.nonnegative()),
    height: z.int().check(z.nonnegative()),
  });
}

function makeReadDigitSchema() {
  return z.object({
    digit: digitSchema,
    probability: probabilitySchema,
    /** Where the digit is, in the sent picture's pixels. */
    box: boxSchema(),
    /** The model was unsure (probability under 0.8): worth a second look. */
    lowConfidence: z.boolean(),
  });
}

function makeReadResponseSchema() {
  return z
    .object({
      number: z.string().check(z.regex(/^[0-9]+$/, 'the digits read, left to right')),
      digits: z.array(makeReadDigitSchema()).check(z.minLength(1)),
      groups: z.optional(z.array(z.string().check(z.regex(/^[0-9]+$/, 'digits')))),
      /** The tfjs backend the edge computed on (`wasm`, or `cpu` where WASM cannot start). */
      backend: z.optional(z.enum(['wasm', 'cpu'])),
      modelVersion: z.string(),
      /** Server time spent on this request (decode, segmentation, inference). */
      ms: z.number().check(z.nonnegative()),
    })
    .check(
      z.refine((answer) => answer.number === answer.digits.map((d) => d.digit).join(''), {
        message: 'number is its digits, in order',
        path: ['number'],
      }),
      z.refine((answer) => !answer.groups || answer.groups.join('') === answer.number, {
        message: 'the groups make up the number',
        path: ['groups'],
      }),
    );
}

/** One digit of a number read from a picture (`toNumberAnswer` of @cifra/digits). */
export const readDigitSchema = /* @__PURE__ */ makeReadDigitSchema();
export type ReadDigit = z.infer<typeof readDigitSchema>;

/**
 * `POST /api/read`: a whole number from one picture — the same fields the app and the CLI
 * report (`toNumberAnswer` of @cifra/digits), plus what computed it. `number` is the digits left
 * to right; `groups` splits it where wide gaps do ("12 345" → ["12", "345"]), when there are some.
 */
export const readResponseSchema = /* @__PURE__ */ makeReadResponseSchema();
export type ReadResponse = z.infer<typeof readResponseSchema>;
