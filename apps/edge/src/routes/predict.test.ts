import { cachedPredictionSchema, errorBodySchema, predictResponseSchema } from '@cifra/contracts';
import fc from 'fast-check';
import { describe, expect, inject, it } from 'vitest';
import { call, expectRateLimited, randomIp, registerUser, repeat } from '../../test/helpers.ts';

const images = inject('images');
const bytes = (base64: string) => Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));

function form(data: Uint8Array | null, filename = 'digit.png', type = 'image/png'): FormData {
  const body = new FormData();
  if (data) body.append('file', new File([data], filename, { type }));
  return body;
}

const errorOf = async (response: Response) => errorBodySchema.parse(await response.json()).error;

async function predict(
  body: BodyInit,
  options: { token: string; ip?: string; headers?: Record<string, string> },
) {
  return call('/api/predict', {
    method: 'POST',
    body,
    token: options.token,
    ip: options.ip ?? randomIp(),
    headers: options.headers ?? {},
  });
}

describe('POST /api/predict (the seed /predict, kept)', () => {
  it('recognises a real MNIST digit uploaded as a multipart file', async () => {
    const { session } = await registerUser();
    const response = await predict(form(bytes(images.mnistPng)), { token: session.accessToken });
    expect(response.status).toBe(200);
    const answer = predictResponseSchema.parse(await response.json());
    expect(answer.digit).toBe(images.mnistLabel);
    expect(answer.probability).toBeGreaterThan(0.9);
    expect(answer.cached).toBe(false);
    expect(answer.backend).toBe('wasm');
    expect(answer.probabilities.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 3);
  });

  it('answers 400 no_file without a file', async () => {
    const { session } = await registerUser();
    const response = await predict(form(null), { token: session.accessToken });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe('no_file');
  });

  it('answers 415 for a file that is not an image, whatever its name', async () => {
    const { session } = await registerUser();
    const response = await predict(form(new TextEncoder().encode('hello, not a picture'), 'digit.png'), {
      token: session.accessToken,
    });
    expect(response.status).toBe(415);
    expect((await errorOf(response)).code).toBe('unsupported_type');
  });

  it('needs a signed-in user', async () => {
    const response = await call('/api/predict', { method: 'POST', body: form(bytes(images.mnistPng)) });
    expect(response.status).toBe(401);
  });

  it('allows 10 predictions a minute per user: the 11th is a 429', async () => {
    const { session } = await registerUser();
    const { statuses, last } = await repeat(11, () =>
      predict(form(bytes(images.blankPng)), { token: session.accessToken }),
    );
    expect(statuses.slice(0, 10).every((status) => status === 422)).toBe(true);
    await expectRateLimited(last);
  });
});

describe('POST /api/predict validation', () => {
  it('refuses an empty filename', async () => {
    const { session } = await registerUser();
    const response = await predict(form(bytes(images.mnistPng), ''), { token: session.accessToken });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe('no_file');
  });

  it('accepts the image as a raw body with its content type, GIF too', async () => {
    const { session } = await registerUser();
    const raw = await predict(bytes(images.mnistGif), {
      token: session.accessToken,
      headers: { 'content-type': 'image/gif' },
    });
    expect(raw.status).toBe(200);
    expect(predictResponseSchema.parse(await raw.json()).digit).toBe(images.mnistLabel);
  });

  it('refuses over 2 MB with 413', async () => {
    const { session } = await registerUser();
    const big = new Uint8Array(2 * 1024 * 1024 + 1);
    big.set(bytes(images.mnistPng));
    const response = await predict(form(big), { token: session.accessToken });
    expect(response.status).toBe(413);
  });

  it('refuses a tiny PNG whose header claims 30000x30000 with 422, without decoding it', async () => {
    const { session } = await registerUser();
    const file = bytes(images.hugeHeaderPng);
    expect(file.length).toBeLessThan(100);
    const response = await predict(form(file), { token: session.accessToken });
    expect(response.status).toBe(422);
    const error = await errorOf(response);
    expect(error.code).toBe('image_too_large');
    expect(error.message).toContain('30000x30000');
    const wide = await predict(form(bytes(images.wideHeaderPng)), { token: session.accessToken });
    expect((await errorOf(wide)).code).toBe('image_too_large');
  });

  it('answers 422 bad_image for a damaged PNG and 422 no_ink for a blank one', async () => {
    const { session } = await registerUser();
    const corrupt = await predict(form(bytes(images.corruptPng)), { token: session.accessToken });
    expect(corrupt.status).toBe(422);
    expect((await errorOf(corrupt)).code).toBe('bad_image');
    const blank = await predict(form(bytes(images.blankPng)), { token: session.accessToken });
    expect(blank.status).toBe(422);
    expect((await errorOf(blank)).code).toBe('no_ink');
  });

  it('answers from the shared cache the second time, with the answer it computed itself', async () => {
    const [first, other] = await Promise.all([registerUser(), registerUser()]);
    const a = predictResponseSchema.parse(
      await (await predict(form(bytes(images.mnistPng)), { token: first.session.accessToken })).json(),
    );
    const b = predictResponseSchema.parse(
      await (await predict(form(bytes(images.mnistPng)), { token: other.session.accessToken })).json(),
    );
    expect(b.cached).toBe(true);
    expect(b.digit).toBe(a.digit);
    expect(b.modelVersion).toBe(a.modelVersion);
    for (const [index, p] of a.probabilities.entries())
      expect(Math.abs(p - (b.probabilities[index] ?? -1))).toBeLessThan(1e-6);
  });

  it('fails closed with 503 when Redis is down', async () => {
    const { session } = await registerUser();
    const response = await call('/api/predict', {
      method: 'POST',
      body: form(bytes(images.mnistPng)),
      token: session.accessToken,
      redis: 'down',
    });
    expect(response.status).toBe(503);
  });
});

describe('the server result in the shared cache', () => {
  it('is served to any account through GET /api/predictions as source "edge"', async () => {
    const { session } = await registerUser();
    const answer = predictResponseSchema.parse(
      await (await predict(form(bytes(images.mnistGif)), { token: session.accessToken })).json(),
    );
    // The app asks with the SHA-256 of the 784-byte input; recompute it the way the app does.
    const { toModelInput, inputHash } = await import('@cifra/digits');
    const { decodeImage } = await import('@cifra/image-decode');
    const hash = await inputHash(toModelInput(decodeImage(bytes(images.mnistGif))).pixels);
    const reader = await registerUser();
    const hit = await call(`/api/predictions/${answer.modelVersion}/${hash}`, {
      token: reader.session.accessToken,
    });
    expect(hit.status).toBe(200);
    expect(cachedPredictionSchema.parse(await hit.json())).toMatchObject({
      digit: answer.digit,
      source: 'edge',
    });
  });
});

describe('why the edge bundles its WebAssembly', () => {
  it('workerd refuses to compile WebAssembly at run time: tfjs-backend-wasm runs from the bundled module', async () => {
    const emptyModule = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    // workers-types leaves compile() out, since Workers forbid it; the runtime still has it.
    const wasm = WebAssembly as unknown as { compile(bytes: Uint8Array): Promise<unknown> };
    await expect(wasm.compile(emptyModule)).rejects.toThrow(/disallowed by embedder/);
  });
});

describe('POST /api/predict with images that lie about their size', () => {
  const limits = { LIMIT_PREDICT_PER_USER: '1000/1 m' };
  const named = (name: string) => {
    const image = images.hostile.find((entry) => entry.name === name);
    if (!image) throw new Error(`no ${name} in the corpus`);
    return image;
  };

  it.each([
    'png-second-ihdr-16000.png',
    'gif-frame-4000-on-1x1-screen.gif',
    'png-zlib-bomb.png',
    'png-iccp-zlib-bomb.png',
    'png-rgba-3000-over-budget.png',
    'gif-5000-frames.gif',
    'jpeg-scan-bomb.jpg',
    'jpeg-4000x4000-over-budget.jpg',
  ])('%s: refused from its structure, before decoding', async (name) => {
    const { session } = await registerUser();
    const image = named(name);
    const response = await call('/api/predict', {
      method: 'POST',
      body: form(bytes(image.base64), name),
      token: session.accessToken,
      env: limits,
    });
    expect(`${response.status} ${(await errorOf(response)).code}`).toBe(`${image.status} ${image.code}`);
  });

  it('answers every file of the hostile corpus with its documented 4xx', async () => {
    const { session } = await registerUser();
    for (const image of images.hostile) {
      const response = await call('/api/predict', {
        method: 'POST',
        body: form(bytes(image.base64), image.name),
        token: session.accessToken,
        env: limits,
      });
      expect(`${response.status} ${(await errorOf(response)).code}`, image.name).toBe(
        `${image.status} ${image.code}`,
      );
    }
  });

  it('never answers 5xx for a mutated valid image (fast-check)', async () => {
    const { session } = await registerUser();
    const seeds = [bytes(images.mnistPng), bytes(images.mnistGif), bytes(named('jpeg-baseline.jpg').base64)];
    await fc.assert(
      fc.asyncProperty(
        fc.nat(seeds.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 6 }),
        fc.option(fc.nat(), { nil: undefined }),
        async (index, changes, cut) => {
          const source = seeds[index] ?? new Uint8Array();
          const mutated = source.slice(0, cut === undefined ? source.length : 1 + (cut % source.length));
          for (const [at, value] of changes) mutated[at % mutated.length] = value;
          const response = await call('/api/predict', {
            method: 'POST',
            body: form(mutated),
            token: session.accessToken,
            env: limits,
          });
          expect(response.status).toBeLessThan(500);
        },
      ),
      { seed: 0xed9e, numRuns: 40 },
    );
  });
});
