/**
 * The model's manifest (`public/model/<version>/manifest.json`) and the pointer to the
 * current version (`public/model/current.json`). Written by @cifra/model's export, read by
 * the edge (which files may be signed) and the app (what to download and verify).
 *
 * The version is the first 12 hex digits of the SHA-256 of the `sha256sum`-style listing of
 * the model files (`<sha256>  <path>\n` per file, sorted by path; manifest.json itself is
 * not part of it), so identical weights always get the same version.
 */
import * as z from 'zod/mini';

export const modelVersionSchema = z.string().check(z.regex(/^[0-9a-f]{12}$/, 'model version: 12 hex digits'));

/** A file name inside the version folder: no slashes, no dot-dot, nothing odd. */
export const modelFileNameSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'model file name'));

export const modelFileSchema = /* @__PURE__ */ (() =>
  z.object({
    path: modelFileNameSchema,
    sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
    bytes: z.int().check(z.nonnegative()),
  }))();

export const modelInputSpecSchema = /* @__PURE__ */ (() =>
  z.object({
    /** NHWC tensor shape of one input. */
    shape: z.tuple([z.literal(1), z.literal(28), z.literal(28), z.literal(1)]),
    dtype: z.literal('float32'),
    /** Pixel value range after dividing the 784 bytes by 255. */
    range: z.tuple([z.literal(0), z.literal(1)]),
    /** MNIST convention: bright ink on a dark background, digit centred by mass in 20x20. */
    polarity: z.literal('ink-high'),
    preprocessing: z.literal('@cifra/digits toModelInput'),
  }))();

const accuracySchema = /* @__PURE__ */ (() => z.number().check(z.minimum(0), z.maximum(1)))();

/** One tensor of a weights file, as tfjs's weights manifest writes it (uint8 as the model's own).
 * Kept loose: the inference core checks shapes and sizes against the model it serves. */
export const weightEntrySchema = /* @__PURE__ */ (() =>
  z.object({
    name: z.string(),
    shape: z.array(z.int()),
    dtype: z.literal('float32'),
    quantization: z.optional(z.object({ dtype: z.literal('uint8'), min: z.number(), scale: z.number() })),
  }))();

/**
 * The number head (issue #12): a second dense layer on the model's features (and, with `reads`,
 * an earlier layer's maps), 10 digits plus
 * "not one whole digit" (a fragment, two touching digits, a stray stroke). Reading a number
 * multiplies each candidate's probability by its chance of being one whole digit, and weighs
 * the head's ten digits with the model's; each input's own probabilities (what the caches keep)
 * stay the model's.
 */
export const numberHeadSchema = /* @__PURE__ */ (() =>
  z.object({
    /** One of `files` (the core refuses it otherwise): the kernel's bytes, then the bias's. */
    file: modelFileNameSchema,
    /** [features, 11]: the dense kernel on the features the model's own last layer reads,
     * after the output of layer `reads` (flattened) when that is given. */
    kernel: weightEntrySchema,
    /** A layer of the model whose output the head also reads, placed before the features
     * (earlier maps still show the ink a cut left behind). @default none: the features only */
    reads: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
    /** [11]. */
    bias: weightEntrySchema,
    /** The command that trained it. */
    command: z.string(),
  }))();

export const modelManifestSchema = /* @__PURE__ */ (() =>
  z
    .object({
      /** 2 when the number head reads an earlier layer (`numberHead.reads`; nothing else differs):
       * a build that knows only 1 refuses such a manifest and keeps the model it has, instead of
       * dropping `reads` and refusing the head it then misreads. */
      schemaVersion: z.union([z.literal(1), z.literal(2)]),
      version: modelVersionSchema,
      format: z.literal('tfjs-layers-model'),
      /** Entry point tfjs loads; one of `files`. */
      modelFile: modelFileNameSchema,
      files: z.array(modelFileSchema).check(z.minLength(2)),
      input: modelInputSpecSchema,
      labels: z.array(z.string()).check(z.length(10)),
      quantization: z.object({ dtype: z.enum(['uint8', 'uint16', 'float16', 'none']) }),
      parameters: z.int().check(z.positive()),
      weightBytes: z.int().check(z.positive()),
      accuracy: z.object({
        dataset: z.literal('mnist-test-10k'),
        /** Accuracy of exactly these (quantised) files; eval fails 0.1 pt below it. */
        quantized: accuracySchema,
        float32: accuracySchema,
        perClass: z.array(accuracySchema).check(z.length(10)),
      }),
      numberHead: z.optional(numberHeadSchema),
      training: z.object({
        architecture: z.string(),
        seed: z.int(),
        epochs: z.int().check(z.positive()),
        batchSize: z.int().check(z.positive()),
        secondsTotal: z.number().check(z.nonnegative()),
        secondsPerEpoch: z.number().check(z.nonnegative()),
        command: z.string(),
      }),
    })
    .check(
      z.refine((manifest) => (manifest.numberHead?.reads !== undefined) === (manifest.schemaVersion === 2), {
        message: 'schemaVersion is 2 exactly when the number head reads an earlier layer',
        path: ['schemaVersion'],
      }),
    ))();

export type ModelManifest = z.infer<typeof modelManifestSchema>;
export type ModelFile = z.infer<typeof modelFileSchema>;
export type NumberHeadSpec = z.infer<typeof numberHeadSchema>;

export const currentModelSchema = /* @__PURE__ */ (() =>
  z.object({
    version: modelVersionSchema,
    /** Relative to public/model (and to /model/ on the edge): `<version>/manifest.json`. */
    manifest: z.string().check(z.regex(/^[0-9a-f]{12}\/manifest\.json$/)),
  }))();

export type CurrentModel = z.infer<typeof currentModelSchema>;
