import { env } from 'cloudflare:test';
import { currentModelSchema, errorBodySchema, signedModelSchema, type SignedModel } from '@cifra/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, expectRateLimited, registerUser, repeat } from '../../test/helpers.ts';
import { signModelUrl } from '../model/signed-urls.ts';

const signingSecret = () => env.URL_SIGNING_SECRET as string;
let currentVersion: string;

beforeAll(async () => {
  // The real, committed model, as the web build copied it into the assets.
  const pointer = await env.ASSETS.fetch(new Request('https://assets.invalid/model/current.json'));
  currentVersion = currentModelSchema.parse(await pointer.json()).version;
});

async function signedModel(): Promise<SignedModel> {
  const { session } = await registerUser();
  const response = await call('/api/model', { token: session.accessToken });
  expect(response.status).toBe(200);
  return signedModelSchema.parse(await response.json());
}

async function sha256(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

const errorCode = async (response: Response) => errorBodySchema.parse(await response.json()).error.code;
const inFiveMinutes = () => Math.floor(Date.now() / 1000) + 300;

describe('GET /api/model', () => {
  it('hands out the current manifest with a signed URL per file', async () => {
    const model = await signedModel();
    expect(model.manifest.version).toBe(currentVersion);
    expect(model.files.map((file) => file.path).sort()).toEqual(
      model.manifest.files.map((file) => file.path).sort(),
    );
    const now = Math.floor(Date.now() / 1000);
    expect(model.expiresAt).toBeGreaterThan(now + 290);
    expect(model.expiresAt).toBeLessThanOrEqual(now + 300);
    for (const file of model.files) {
      expect(file.url).toMatch(
        new RegExp(
          `^/model/${currentVersion}/${file.path.replace('.', '\\.')}\\?exp=\\d+&sig=[A-Za-z0-9_-]{43}$`,
        ),
      );
    }
  });

  it('needs a signed-in user', async () => {
    expect((await call('/api/model')).status).toBe(401);
  });

  it('allows exactly 30 manifests a minute per user', async () => {
    const { session } = await registerUser();
    const { statuses, last } = await repeat(31, () => call('/api/model', { token: session.accessToken }));
    expect(statuses.slice(0, 30).every((status) => status === 200)).toBe(true);
    await expectRateLimited(last);
  });

  it('still serves the manifest when Redis is down, flagged as degraded', async () => {
    const { session } = await registerUser();
    const response = await call('/api/model', { token: session.accessToken, redis: 'down' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cifra-degraded')).toBe('rate-limit-unavailable');
  });
});

describe('GET /model/<version>/<file>', () => {
  it('serves each file of a signed URL: bytes match the manifest, private cache no longer than the link', async () => {
    const model = await signedModel();
    for (const file of model.files) {
      const response = await call(file.url);
      expect(response.status).toBe(200);
      const bytes = await response.arrayBuffer();
      expect(bytes.byteLength).toBe(file.bytes);
      expect(await sha256(bytes)).toBe(file.sha256);
      expect(response.headers.get('content-type')).toBe(
        file.path.endsWith('.json') ? 'application/json; charset=utf-8' : 'application/octet-stream',
      );
      const maxAge = Number(
        /^private, max-age=(\d+)$/.exec(response.headers.get('cache-control') ?? '')?.[1],
      );
      expect(maxAge).toBeGreaterThan(0);
      expect(maxAge).toBeLessThanOrEqual(300);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('refuses a tampered signature, another file with the same signature, and no signature', async () => {
    const [first, second] = (await signedModel()).files;
    if (!first || !second) throw new Error('the model has at least two files');
    const tampered = first.url.replace(/sig=(.)/, (_, char: string) => `sig=${char === 'A' ? 'B' : 'A'}`);
    const tamperedResponse = await call(tampered);
    expect(tamperedResponse.status).toBe(403);
    expect(await errorCode(tamperedResponse)).toBe('bad_signature');
    const swapped = `${second.url.split('?')[0]}?${first.url.split('?')[1]}`;
    expect(await errorCode(await call(swapped))).toBe('bad_signature');
    const unsigned = await call(first.url.split('?')[0] ?? '');
    expect(unsigned.status).toBe(403);
  });

  it('refuses an expired link', async () => {
    const path = `/model/${currentVersion}/model.json`;
    const url = await signModelUrl(signingSecret(), path, Math.floor(Date.now() / 1000) - 1);
    const response = await call(url);
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('expired');
  });

  it('refuses a link that would live longer than the maximum', async () => {
    const url = await signModelUrl(
      signingSecret(),
      `/model/${currentVersion}/model.json`,
      Math.floor(Date.now() / 1000) + 3600,
    );
    expect(await errorCode(await call(url))).toBe('expired');
  });

  it('answers 404 for validly signed paths that are not files of a manifest', async () => {
    for (const path of [
      `/model/${currentVersion}/index.html`,
      `/model/${currentVersion}/manifest.json`,
      '/model/000000000000/model.json',
    ]) {
      const response = await call(await signModelUrl(signingSecret(), path, inFiveMinutes()));
      expect(response.status, path).toBe(404);
      expect(await errorCode(response)).toBe('not_found');
    }
  });

  it('answers 404 for encoded slashes and dot segments', async () => {
    for (const path of [
      `/model/${currentVersion}/..%2Fcurrent.json`,
      `/model/${currentVersion}/%2E%2E`,
      `/model/..%2F..%2Findex.html/x`,
    ]) {
      const response = await call(await signModelUrl(signingSecret(), path, inFiveMinutes()));
      expect(response.status, path).toBe(404);
    }
  });
});
