import * as z from 'zod/mini';
import { modelFileNameSchema, modelManifestSchema, modelVersionSchema } from './model-manifest.ts';

/** One model file as `GET /api/model` hands it out: a short-lived signed URL. */
export const signedModelFileSchema = z.object({
  path: modelFileNameSchema,
  /** Same-origin URL: `/model/<version>/<file>?exp=<unix s>&sig=<base64url HMAC>`. */
  url: z.string(),
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  bytes: z.int().check(z.nonnegative()),
});

/** `GET /api/model`: the current manifest, each file with its signed URL. */
export const signedModelSchema = /* @__PURE__ */ (() =>
  z.object({
    manifest: modelManifestSchema,
    files: z.array(signedModelFileSchema),
    /** When the URLs stop working, seconds since the epoch. */
    expiresAt: z.int(),
  }))();
export type SignedModel = z.infer<typeof signedModelSchema>;

/**
 * What the page reads of `GET /api/model` before handing it to the inference worker: the version
 * and each file's signed URL (to start the downloads early). The rest passes through untouched;
 * the worker, which uses the manifest, checks the whole answer against {@link signedModelSchema},
 * so the first screen does not carry the manifest's schema.
 */
export const modelAnnouncementSchema = /* @__PURE__ */ (() =>
  z.looseObject({
    manifest: z.looseObject({ version: modelVersionSchema }),
    files: z.array(signedModelFileSchema),
  }))();
export type ModelAnnouncement = z.infer<typeof modelAnnouncementSchema>;
