import { env } from 'cloudflare:test';
import {
  cachedPredictionSchema,
  currentModelSchema,
  errorBodySchema,
  predictionWriteSchema,
} from '@cifra/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, expectRateLimited, registerUser, repeat } from '../../test/helpers.ts';

let version: string;

beforeAll(async () => {
  const pointer = await env.ASSETS.fetch(new Request('https://assets.invalid/model/current.json'));
  version = currentModelSchema.parse(await pointer.json()).version;
});

const randomHash = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(32)), (byte) => byte.toString(16).padStart(2, '0')).join(
    '',
  );

function result(digit: number, probability = 0.9) {
  const rest = (1 - probability) / 9;
  const probabilities = Array.from({ length: 10 }, (_, index) => (index === digit ? probability : rest));
  return { digit, probability, probabilities };
}

const put = (token: string, hash: string, body: unknown, redis?: 'down') =>
  call(`/api/predictions/${version}/${hash}`, {
    method: 'PUT',
    token,
    json: body,
    ...(redis ? { redis } : {}),
  });
const get = (token: string, hash: string, redis?: 'down') =>
  call(`/api/predictions/${version}/${hash}`, { token, ...(redis ? { redis } : {}) });

describe('shared prediction cache', () => {
  it('stores a result and serves it back to its author', async () => {
    const { session } = await registerUser();
    const hash = randomHash();
    expect((await get(session.accessToken, hash)).status).toBe(404);
    const written = await put(session.accessToken, hash, result(7));
    expect(written.status).toBe(200);
    expect(predictionWriteSchema.parse(await written.json())).toEqual({
      stored: true,
      votes: 1,
      shared: false,
    });
    const read = await get(session.accessToken, hash);
    expect(read.status).toBe(200);
    expect(cachedPredictionSchema.parse(await read.json())).toMatchObject({
      digit: 7,
      source: 'own',
      votes: 1,
      modelVersion: version,
    });
  });

  it('serves an entry to other accounts only once two accounts agree', async () => {
    const [alice, bob, carol] = await Promise.all([registerUser(), registerUser(), registerUser()]);
    const hash = randomHash();
    await put(alice.session.accessToken, hash, result(3));
    expect((await get(carol.session.accessToken, hash)).status).toBe(404);
    const second = predictionWriteSchema.parse(
      await (await put(bob.session.accessToken, hash, result(3, 0.8))).json(),
    );
    expect(second).toEqual({ stored: true, votes: 2, shared: true });
    const read = cachedPredictionSchema.parse(await (await get(carol.session.accessToken, hash)).json());
    expect(read).toMatchObject({ digit: 3, source: 'quorum', votes: 2 });
  });

  it('does not let one account change what others read, even by writing repeatedly', async () => {
    const [honest, other, mallory, reader] = await Promise.all([
      registerUser(),
      registerUser(),
      registerUser(),
      registerUser(),
    ]);
    const hash = randomHash();
    await put(honest.session.accessToken, hash, result(1));
    await put(other.session.accessToken, hash, result(1));
    for (let attempt = 0; attempt < 3; attempt++) await put(mallory.session.accessToken, hash, result(8));
    const read = cachedPredictionSchema.parse(await (await get(reader.session.accessToken, hash)).json());
    expect(read).toMatchObject({ digit: 1, votes: 2, source: 'quorum' });
    // Mallory still sees her own answer.
    expect(
      cachedPredictionSchema.parse(await (await get(mallory.session.accessToken, hash)).json()).digit,
    ).toBe(8);
  });

  it('counts votes exactly under concurrent writes', async () => {
    const users = await Promise.all(Array.from({ length: 12 }, () => registerUser()));
    const hash = randomHash();
    const answers = await Promise.all(users.map((user) => put(user.session.accessToken, hash, result(5))));
    const votes = await Promise.all(
      answers.map(async (answer) => predictionWriteSchema.parse(await answer.json()).votes),
    );
    expect(votes.sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
    // Changing a vote moves it; it does not add one.
    await put(users[0]!.session.accessToken, hash, result(6));
    const [reader] = await Promise.all([registerUser()]);
    expect(
      cachedPredictionSchema.parse(await (await get(reader!.session.accessToken, hash)).json()).votes,
    ).toBe(11);
  });

  it('validates the body and the path', async () => {
    const { session } = await registerUser();
    const bad = await put(session.accessToken, randomHash(), {
      digit: 12,
      probability: 2,
      probabilities: [1],
    });
    expect(bad.status).toBe(400);
    const paths = errorBodySchema.parse(await bad.json()).error.issues?.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['digit', 'probability', 'probabilities']));
    const inconsistent = await put(session.accessToken, randomHash(), { ...result(2), digit: 4 });
    expect(inconsistent.status).toBe(400);
    const badHash = await call(`/api/predictions/${version}/not-a-hash`, { token: session.accessToken });
    expect(badHash.status).toBe(400);
    const unknownVersion = await call(`/api/predictions/000000000000/${randomHash()}`, {
      token: session.accessToken,
    });
    expect(unknownVersion.status).toBe(404);
    expect(errorBodySchema.parse(await unknownVersion.json()).error.message).toContain(
      'Unknown model version',
    );
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

  it('allows exactly 60 writes a minute per user', async () => {
    const { session } = await registerUser();
    const { statuses, last } = await repeat(61, () => put(session.accessToken, randomHash(), result(0)));
    expect(statuses.slice(0, 60).every((status) => status === 200)).toBe(true);
    await expectRateLimited(last);
  });

  it('degrades when Redis is down: reads miss, writes are skipped, both say so', async () => {
    const { session } = await registerUser();
    const read = await get(session.accessToken, randomHash(), 'down');
    expect(read.status).toBe(404);
    expect(read.headers.get('cifra-degraded')).toBeTruthy();
    const write = await put(session.accessToken, randomHash(), result(4), 'down');
    expect(write.status).toBe(202);
    expect(predictionWriteSchema.parse(await write.json())).toEqual({
      stored: false,
      votes: 0,
      shared: false,
    });
    expect(write.headers.get('cifra-degraded')).toBeTruthy();
  });
});
