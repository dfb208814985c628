import { env } from 'cloudflare:test';
import {
  cachedPredictionSchema,
  contributionResultSchema,
  currentModelSchema,
  errorBodySchema,
  predictResponseSchema,
} from '@cifra/contracts';
import { inputHash } from '@cifra/digits';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { call, expectRateLimited, randomIp, registerUser, repeat } from '../../test/helpers.ts';

const images = inject('images');
let version: string;

beforeAll(async () => {
  const pointer = await env.ASSETS.fetch(new Request('https://assets.invalid/model/current.json'));
  version = currentModelSchema.parse(await pointer.json()).version;
});

const bytes = (base64: string) => Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
const keyOf = (base64: string) => inputHash(bytes(base64));
const randomHash = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(32)), (byte) => byte.toString(16).padStart(2, '0')).join(
    '',
  );
const errorOf = async (response: Response) => errorBodySchema.parse(await response.json()).error;

const put = (token: string, hash: string, body: unknown, redis?: 'down') =>
  call(`/api/predictions/${version}/${hash}`, {
    method: 'PUT',
    token,
    json: body,
    ...(redis ? { redis } : {}),
  });
const get = (token: string, hash: string, redis?: 'down') =>
  call(`/api/predictions/${version}/${hash}`, { token, ...(redis ? { redis } : {}) });

/** An MNIST test digit the committed model reads right, as a contribution. */
function sample(index: number) {
  const digit = images.inputs[index];
  if (!digit) throw new Error(`no MNIST sample ${index}`);
  return digit;
}

describe('shared prediction cache: only the edge’s own answers', () => {
  it('keeps the edge’s answer for an agreeing contribution and serves it to every account', async () => {
    const { input, label } = sample(1);
    const hash = await keyOf(input);
    const [author, reader] = await Promise.all([registerUser(), registerUser()]);
    expect((await get(reader.session.accessToken, hash)).status).toBe(404);
    const written = await put(author.session.accessToken, hash, { input, digit: label });
    expect(written.status).toBe(201);
    expect(contributionResultSchema.parse(await written.json())).toEqual({ stored: true, digit: label });
    const read = await get(reader.session.accessToken, hash);
    expect(read.status).toBe(200);
    const hit = cachedPredictionSchema.parse(await read.json());
    expect(hit).toMatchObject({ digit: label, source: 'edge', modelVersion: version });
    expect(hit.probability).toBe(hit.probabilities[label]);
    // Contributing what is already known costs no inference and changes nothing.
    const again = await put(reader.session.accessToken, hash, { input, digit: label });
    expect(again.status).toBe(200);
  });

  it('cannot be poisoned: five accounts claiming a wrong digit get 409 and store nothing; /api/predict and every reader see the true digit', async () => {
    const input = images.otherPngInput;
    const truth = images.otherLabel;
    const wrong = (truth + 3) % 10;
    const hash = await keyOf(input);
    const attackers = await Promise.all(Array.from({ length: 5 }, () => registerUser()));
    const reader = await registerUser();
    // All at once, as a coordinated attack would.
    const answers = await Promise.all(
      attackers.map((attacker) => put(attacker.session.accessToken, hash, { input, digit: wrong })),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(409);
      expect((await errorOf(answer)).code).toBe('disagrees');
    }
    expect((await get(reader.session.accessToken, hash)).status).toBe(404);

    const form = new FormData();
    form.append('file', new File([bytes(images.otherPng)], 'digit.png', { type: 'image/png' }));
    const predicted = await call('/api/predict', {
      method: 'POST',
      body: form,
      token: reader.session.accessToken,
      ip: randomIp(),
    });
    const answer = predictResponseSchema.parse(await predicted.json());
    expect(answer).toMatchObject({ digit: truth, cached: false, backend: 'wasm' });
    // /api/predict stored its own answer under the same key the app uses.
    const read = cachedPredictionSchema.parse(await (await get(reader.session.accessToken, hash)).json());
    expect(read.digit).toBe(truth);
    // Lying about an entry that exists is refused too.
    expect((await put(attackers[0]!.session.accessToken, hash, { input, digit: wrong })).status).toBe(409);
  });

  it('refuses input bytes that do not hash to the key (400 hash_mismatch) and stores nothing', async () => {
    const { session } = await registerUser();
    const honest = sample(2);
    const other = sample(3);
    const hash = await keyOf(honest.input);
    const response = await put(session.accessToken, hash, { input: other.input, digit: other.label });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe('hash_mismatch');
    expect((await get(session.accessToken, hash)).status).toBe(404);
    expect((await get(session.accessToken, await keyOf(other.input))).status).toBe(404);
  });

  it('stops accepting contributions from an account that keeps disagreeing (10 an hour)', async () => {
    const { session } = await registerUser();
    const { input, label } = sample(4);
    const hash = await keyOf(input);
    const { statuses, last } = await repeat(11, () =>
      put(session.accessToken, hash, { input, digit: (label + 1) % 10 }),
    );
    expect(statuses.slice(0, 10).every((status) => status === 409)).toBe(true);
    await expectRateLimited(last);
    // Even an honest contribution is refused until the window passes.
    await expectRateLimited(await put(session.accessToken, hash, { input, digit: label }));
  });

  it('validates the body and the path', async () => {
    const { session } = await registerUser();
    const bad = await put(session.accessToken, randomHash(), { input: 'AAAA', digit: 12 });
    expect(bad.status).toBe(400);
    const paths = (await errorOf(bad)).issues?.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['input', 'digit']));
    const badHash = await call(`/api/predictions/${version}/not-a-hash`, { token: session.accessToken });
    expect(badHash.status).toBe(400);
    const unknownVersion = await call(`/api/predictions/000000000000/${randomHash()}`, {
      token: session.accessToken,
    });
    expect(unknownVersion.status).toBe(404);
    expect((await errorOf(unknownVersion)).message).toContain('Unknown model version');
  });

  it('needs a signed-in user', async () => {
    expect((await call(`/api/predictions/${version}/${randomHash()}`)).status).toBe(401);
  });

  it('allows exactly 120 reads a minute per user', async () => {
    const { session } = await registerUser();
    const hash = randomHash();
    const { statuses, last } = await repeat(121, () => get(session.accessToken, hash));
    expect(statuses.slice(0, 120).every((status) => status === 404)).toBe(true);
    await expectRateLimited(last);
  });

  it('allows exactly 60 contributions a minute per user', async () => {
    const { session } = await registerUser();
    const { input, label } = sample(5);
    const hash = await keyOf(input);
    const { statuses, last } = await repeat(61, () =>
      put(session.accessToken, hash, { input, digit: label }),
    );
    expect(statuses.slice(0, 60).every((status) => status === 200 || status === 201)).toBe(true);
    await expectRateLimited(last);
  });

  it('allows an account a daily number of contributions (LIMIT_CACHE_WRITES_PER_USER_DAY)', async () => {
    const { session } = await registerUser();
    const env = { LIMIT_CACHE_WRITES_PER_USER_DAY: '2/1 d' };
    const statuses: number[] = [];
    let last: Response | undefined;
    for (const index of [7, 8, 9]) {
      const { input, label } = sample(index);
      last = await call(`/api/predictions/${version}/${await keyOf(input)}`, {
        method: 'PUT',
        token: session.accessToken,
        json: { input, digit: label },
        env,
      });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 2).every((status) => status === 200 || status === 201)).toBe(true);
    expect(statuses[2]).toBe(429);
    if (last) await expectRateLimited(last);
  });

  it('degrades when Redis is down: reads miss, contributions are checked but not kept, both say so', async () => {
    const { session } = await registerUser();
    const read = await get(session.accessToken, randomHash(), 'down');
    expect(read.status).toBe(404);
    expect(read.headers.get('cifra-degraded')).toBeTruthy();
    const { input, label } = sample(6);
    const write = await put(session.accessToken, await keyOf(input), { input, digit: label }, 'down');
    expect(write.status).toBe(202);
    expect(contributionResultSchema.parse(await write.json())).toEqual({ stored: false, digit: label });
    expect(write.headers.get('cifra-degraded')).toBeTruthy();
  });
});
