import { modelFileNameSchema } from '@cifra/contracts';
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../middleware/errors.ts';
import { loadManifest } from '../model/manifests.ts';
import { checkModelSignature } from '../model/signed-urls.ts';

const contentTypes: Record<string, string> = {
  json: 'application/json; charset=utf-8',
  bin: 'application/octet-stream',
};

const notFound = () => new ApiError(404, 'not_found', 'No such model file.');

/**
 * `GET /model/<version>/<file>?exp=&sig=`: a model file, only with a valid, unexpired signature
 * over exactly this path, and only if the version's manifest lists the file. Checked here
 * before the static assets are touched. No rate limit: the signature is the gate.
 */
export const modelFiles = new Hono<AppEnv>().get('/:version/:file', async (c) => {
  const secrets = c.get('secrets');
  const path = new URL(c.req.url).pathname;
  const { version, file } = c.req.param();
  // Plain names only: no encoded slashes, dot segments or odd characters (the raw path is signed).
  if (!modelFileNameSchema.safeParse(file).success || path !== `/model/${version}/${file}`) throw notFound();
  const check = await checkModelSignature(secrets.urlSigning, path, c.req.query('exp'), c.req.query('sig'));
  if (check === 'bad_signature') {
    throw new ApiError(403, 'bad_signature', 'This model link is not valid. Ask /api/model for a new one.');
  }
  if (check === 'expired') {
    throw new ApiError(403, 'expired', 'This model link has expired. Ask /api/model for a new one.');
  }

  const manifest = await loadManifest(c.env, version);
  if (!manifest?.files.some((entry) => entry.path === file)) throw notFound();
  const asset = await c.env.ASSETS.fetch(new Request(new URL(path, c.req.url)));
  if (!asset.ok) throw notFound();

  const expiresIn = Math.max(0, Number(c.req.query('exp')) - Math.floor(Date.now() / 1000));
  const headers = new Headers(asset.headers);
  headers.set('Content-Type', contentTypes[file.split('.').pop() ?? ''] ?? 'application/octet-stream');
  headers.set('Cache-Control', `private, max-age=${expiresIn}`);
  return new Response(asset.body, { status: 200, headers });
});
