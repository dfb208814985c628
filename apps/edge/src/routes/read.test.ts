import { env } from 'cloudflare:test';
import {
  cachedPredictionSchema,
  currentModelSchema,
  errorBodySchema,
  readResponseSchema,
} from '@cifra/contracts';
import { inputHash, LOW_CONFIDENCE, planNumber } from '@cifra/digits';
import { decodeImage } from '@cifra/image-decode';
import { describe, expect, inject, it } from 'vitest';
import { call, expectRateLimited, randomIp, registerUser, repeat } from '../../test/helpers.ts';

const images = inject('images');
const bytes = (base64: string) => Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));

function form(data: Uint8Array, filename = 'number.png', type = 'image/png'): FormData {
  const body = new FormData();
  body.append('file', new File([data], filename, { type }));
  return body;
}

const errorOf = async (response: Response) => errorBodySchema.parse(await response.json()).error;

function send(
  path: '/api/read' | '/api/predict',
  body: BodyInit,
  options: { token: string; headers?: Record<string, string> },
) {
  return call(path, {
    method: 'POST',
    body,
    token: options.token,
    ip: randomIp(),
    headers: options.headers ?? {},
  });
}
const read = (body: BodyInit, options: { token: string; headers?: Record<string, string> }) =>
  send('/api/read', body, options);

describe('POST /api/read', () => {
  it('reads a handwritten three-digit number from a multipart file, each digit boxed where it is', async () => {
    const { session } = await registerUser();
    const response = await read(form(bytes(images.numberPng)), { token: session.accessToken });
    expect(response.status).toBe(200);
    const answer = readResponseSchema.parse(await response.json());
    expect(answer.number).toBe(images.numberLabel);
    expect(answer.backend).toBe('wasm');
    // The digits stand in 84-px cells from x = 36 (image-fixtures.ts): each box lies in its own.
    answer.digits.forEach((digit, index) => {
      expect(digit.box.x).toBeGreaterThanOrEqual(36 + 84 * index);
      expect(digit.box.x + digit.box.width).toBeLessThanOrEqual(36 + 84 * (index + 1));
      expect(digit.lowConfidence).toBe(digit.probability < LOW_CONFIDENCE);
    });
    const timing = response.headers.get('server-timing') ?? '';
    for (const step of ['decode', 'segment', 'infer']) expect(timing).toContain(step);
  });

  it('accepts the picture as a raw body with its content type, as /api/predict does', async () => {
    const { session } = await registerUser();
    const response = await read(bytes(images.numberPng), {
      token: session.accessToken,
      headers: { 'content-type': 'image/png' },
    });
    expect(response.status).toBe(200);
    expect(readResponseSchema.parse(await response.json()).number).toBe(images.numberLabel);
  });

  it('needs a signed-in user', async () => {
    const response = await call('/api/read', { method: 'POST', body: form(bytes(images.numberPng)) });
    expect(response.status).toBe(401);
    expect((await errorOf(response)).code).toBe('unauthorized');
  });

  it('answers 422 no_ink for a blank picture', async () => {
    const { session } = await registerUser();
    const response = await read(form(bytes(images.blankPng)), { token: session.accessToken });
    expect(response.status).toBe(422);
    expect((await errorOf(response)).code).toBe('no_ink');
  });

  it('answers 422 too_many_digits for a picture of 30 separate marks', async () => {
    const { session } = await registerUser();
    const response = await read(form(bytes(images.thirtyDotsPng)), { token: session.accessToken });
    expect(response.status).toBe(422);
    const error = await errorOf(response);
    expect(error.code).toBe('too_many_digits');
    expect(error.message).toContain('30');
  });

  it('refuses pictures exactly as /api/predict does: 400 no_file, 415, 422 bad_image and image_too_large', async () => {
    const { session } = await registerUser();
    const token = session.accessToken;
    const cases: [BodyInit, number, string][] = [
      [new FormData(), 400, 'no_file'],
      [form(new TextEncoder().encode('hello, not a picture')), 415, 'unsupported_type'],
      [form(bytes(images.corruptPng)), 422, 'bad_image'],
      [form(bytes(images.hugeHeaderPng)), 422, 'image_too_large'],
    ];
    for (const [body, status, code] of cases) {
      const response = await read(body, { token });
      expect(`${response.status} ${(await errorOf(response)).code}`).toBe(`${status} ${code}`);
    }
  });

  it('refuses a body over 2 MB with 413, without reading the rest of it', async () => {
    const { session } = await registerUser();
    // 3 MB streamed in 64 KB chunks, no Content-Length: the cap must stop reading at ~2 MB.
    const chunk = new Uint8Array(64 * 1024);
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled++ < 48) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await read(stream, {
      token: session.accessToken,
      headers: { 'content-type': 'image/png' },
    });
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe('payload_too_large');
    expect(pulled).toBeLessThan(40);
    // Just over 2 MB, inside a multipart envelope's allowance: refused by the upload's own check.
    const justOver = new Uint8Array(2 * 1024 * 1024 + 1);
    justOver.set(bytes(images.numberPng));
    const multipart = await read(form(justOver), { token: session.accessToken });
    expect(multipart.status).toBe(413);
    expect((await errorOf(multipart)).code).toBe('payload_too_large');
  });

  it('counts against the per-user predict limit: after 10 reads and predicts, both get 429', async () => {
    const { session } = await registerUser();
    const token = session.accessToken;
    // Blank pictures: each request is counted before the picture is looked at (422, no inference).
    let sent = 0;
    const { statuses } = await repeat(10, () =>
      send(sent++ % 2 === 0 ? '/api/read' : '/api/predict', form(bytes(images.blankPng)), { token }),
    );
    expect(statuses).toEqual(Array<number>(10).fill(422));
    await expectRateLimited(await read(form(bytes(images.numberPng)), { token }));
    await expectRateLimited(await send('/api/predict', form(bytes(images.mnistPng)), { token }));
  });

  it('fails closed with 503 when Redis is down', async () => {
    const { session } = await registerUser();
    const response = await call('/api/read', {
      method: 'POST',
      body: form(bytes(images.numberPng)),
      token: session.accessToken,
      redis: 'down',
    });
    expect(response.status).toBe(503);
    expect((await errorOf(response)).code).toBe('unavailable');
  });
});

describe('the digits /api/read computed, in the shared cache', () => {
  it('are served to any account through GET /api/predictions, keyed by each digit’s own input', async () => {
    const picture = bytes(images.otherNumberPng);
    // Every candidate input the edge will score, keyed as the app keys them.
    const hashes = await Promise.all(planNumber(decodeImage(picture)).inputs.map(inputHash));
    const { session } = await registerUser();
    const reader = await registerUser();
    const lookUp = (version: string) =>
      Promise.all(
        hashes.map((hash) =>
          call(`/api/predictions/${version}/${hash}`, { token: reader.session.accessToken }),
        ),
      );

    const current = await env.ASSETS.fetch(new Request('https://assets.invalid/model/current.json'));
    const before = await lookUp(currentModelSchema.parse(await current.json()).version);
    expect(before.map((response) => response.status)).toEqual(hashes.map(() => 404));

    const answer = readResponseSchema.parse(
      await (await read(form(picture), { token: session.accessToken })).json(),
    );
    expect(answer.number).toBe(images.otherNumberLabel);
    // The picture's point: the edge scored more inputs than it chose (cuts of the wide 2).
    expect(hashes.length, 'candidate inputs').toBeGreaterThan(answer.digits.length);
    // Only the chosen digits are stored (not the candidates the reading rejected), in order.
    const hits = (await lookUp(answer.modelVersion)).filter((response) => response.status === 200);
    const served = await Promise.all(hits.map(async (hit) => cachedPredictionSchema.parse(await hit.json())));
    expect(served.map((entry) => entry.digit).join('')).toBe(answer.number);
    served.forEach((entry) => {
      expect(entry.source).toBe('edge');
      // The model's own answer for that input (what /api/predict gives), not the reading's,
      // which also weighs the number head: the top of its own ten probabilities.
      expect(entry.probability).toBe(Math.max(...entry.probabilities));
      expect(entry.probabilities[entry.digit]).toBe(entry.probability);
    });
  });
});
