import type { SignedModel } from '@cifra/contracts';
import { Hono } from 'hono';
import { readConfig } from '../config.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../middleware/errors.ts';
import { loadCurrentManifest } from '../model/manifests.ts';
import { maxUrlLifeSeconds, signModelUrl } from '../model/signed-urls.ts';

/**
 * `GET /api/model`: the current manifest, each file with a short-lived signed URL. Its limiter
 * (app.ts) degrades — Redis down → served, flagged: downloading the model must not depend on Redis.
 */
export const model = new Hono<AppEnv>().get('/', async (c) => {
  const config = readConfig(c.env);
  const secrets = c.get('secrets');
  const manifest = await loadCurrentManifest(c.env);
  // A deployment without a model is a deployment mistake, not a passing outage.
  if (!manifest) throw new ApiError(503, 'misconfigured', 'No model is deployed on this server yet.');
  const expiresAt = Math.floor(Date.now() / 1000) + Math.min(config.MODEL_URL_TTL_SECONDS, maxUrlLifeSeconds);
  const files = await Promise.all(
    manifest.files.map(async (file) => ({
      ...file,
      url: await signModelUrl(secrets.urlSigning, `/model/${manifest.version}/${file.path}`, expiresAt),
    })),
  );
  const body: SignedModel = { manifest, files, expiresAt };
  return c.json(body);
});
