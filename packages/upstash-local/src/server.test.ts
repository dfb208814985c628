import { Redis } from '@upstash/redis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRedisServer, startUpstashLocal, PortInUseError } from './index.ts';
import { startTestStack, type TestStack } from './test-stack.ts';

let stack: TestStack;
let redis: Redis;

function client(token = stack.upstash.token, options: { automaticDeserialization?: boolean } = {}) {
  return new Redis({
    url: stack.upstash.url,
    token,
    enableTelemetry: false,
    retry: false,
    ...options,
  });
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(stack.upstash.url + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.upstash.token}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

beforeAll(async () => {
  stack = await startTestStack();
  redis = client();
});
afterAll(() => stack.stop());
beforeEach(() => redis.flushdb());

describe('upstash-local with @upstash/redis', () => {
  it('sets and gets JSON values, unicode and null', async () => {
    await redis.set('json', { a: 1, list: [1, 'two'], nested: { ok: true } });
    expect(await redis.get('json')).toEqual({ a: 1, list: [1, 'two'], nested: { ok: true } });
    await redis.set('unicode', 'ñandú — 数字 🙂');
    expect(await redis.get('unicode')).toBe('ñandú — 数字 🙂');
    expect(await redis.get('missing')).toBeNull();
  });

  it('honours ex and nx', async () => {
    expect(await redis.set('k', 'v1', { nx: true, ex: 100 })).toBe('OK');
    expect(await redis.set('k', 'v2', { nx: true })).toBeNull();
    expect(await redis.get('k')).toBe('v1');
    const ttl = await redis.ttl('k');
    expect(ttl).toBeGreaterThan(90);
    expect(ttl).toBeLessThanOrEqual(100);
  });

  it('answers mget with values and nulls', async () => {
    await redis.mset({ a: 'x', b: 2 });
    expect(await redis.mget('a', 'b', 'nope')).toEqual(['x', 2, null]);
  });

  it('runs a pipeline and a multi-exec', async () => {
    const pipeline = redis.pipeline();
    pipeline.set('p', 1).incr('p').get('p');
    expect(await pipeline.exec()).toEqual(['OK', 2, 2]);

    const tx = redis.multi();
    tx.set('t', 'a').append('t', 'b').get('t');
    expect(await tx.exec()).toEqual(['OK', 2, 'ab']);
  });

  it('keeps RESP2 shapes: hgetall, zrange withScores, scan', async () => {
    await redis.hset('h', { name: 'cifra', digits: 10 });
    expect(await redis.hgetall('h')).toEqual({ name: 'cifra', digits: 10 });
    await redis.zadd('z', { score: 2, member: 'two' }, { score: 1, member: 'one' });
    expect(await redis.zrange('z', 0, -1, { withScores: true })).toEqual(['one', 1, 'two', 2]);
    await redis.set('scan:1', 'a');
    await redis.set('scan:2', 'b');
    const [cursor, keys] = await redis.scan(0, { match: 'scan:*', count: 100 });
    expect(String(cursor)).toBe('0');
    expect([...keys].sort()).toEqual(['scan:1', 'scan:2']);
  });

  it('runs eval and evalsha, and recovers from NOSCRIPT', async () => {
    const script = "return redis.call('incrby', KEYS[1], ARGV[1])";
    expect(await redis.eval(script, ['counter'], [5])).toBe(5);
    await redis.scriptFlush();
    // The client's Script helper sends EVALSHA first, gets NOSCRIPT, then sends EVAL.
    const counter = redis.createScript<number>(script);
    expect(await counter.exec(['counter'], ['3'])).toBe(8);
    expect(await counter.exec(['counter'], ['1'])).toBe(9);
  });

  it('runs scripts with shebang flags that Redis OSS rejects, by client SHA', async () => {
    const script = "#!lua flags=allow-key-locking\nreturn redis.call('get', KEYS[1])";
    await redis.set('flagged', 'yes');
    const sha = await redis.scriptLoad(script);
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(await redis.evalsha(sha, ['flagged'], [])).toBe('yes');
    expect(await redis.scriptExists(sha)).toEqual([1]);
  });

  it('stores and returns a 1 MB value intact', async () => {
    const big = 'x'.repeat(512 * 1024) + 'ÿ'.repeat(256 * 1024);
    await redis.set('big', big);
    const back = await client(stack.upstash.token, { automaticDeserialization: false }).get<string>('big');
    expect(back?.length).toBe(big.length);
    expect(back === big).toBe(true);
  });

  it('refuses a bad token with 401', async () => {
    await expect(client('wrong-token').get('k')).rejects.toThrow(/Unauthorized/i);
    const response = await fetch(stack.upstash.url, { method: 'POST', body: '["ping"]' });
    expect(response.status).toBe(401);
  });
});

describe('upstash-local protocol details', () => {
  it('base64-encodes every string at any depth when asked', async () => {
    await post('/', ['rpush', 'list', 'a', 'é']);
    const plain = await post('/', ['lrange', 'list', 0, -1]);
    expect(plain.body).toEqual({ result: ['a', 'é'] });
    const encoded = await post('/', ['lrange', 'list', 0, -1], { 'upstash-encoding': 'base64' });
    expect(encoded.body).toEqual({ result: [btoa('a'), Buffer.from('é').toString('base64')] });
    const integer = await post('/', ['llen', 'list'], { 'upstash-encoding': 'base64' });
    expect(integer.body).toEqual({ result: 2 });
  });

  it('coerces numbers and booleans to strings', async () => {
    await post('/', ['set', 'n', 42]);
    await post('/', ['set', 'b', true]);
    expect((await post('/', ['mget', 'n', 'b'])).body).toEqual({ result: ['42', 'true'] });
  });

  it('serves the path form, with a POST body as the last argument', async () => {
    const headers = { authorization: `Bearer ${stack.upstash.token}` };
    expect(await (await fetch(`${stack.upstash.url}/set/path%20key/v1`, { headers })).json()).toEqual({
      result: 'OK',
    });
    expect(await (await fetch(`${stack.upstash.url}/get/path%20key`, { headers })).json()).toEqual({
      result: 'v1',
    });
    await fetch(`${stack.upstash.url}/set/bodykey`, { method: 'POST', headers, body: 'from body' });
    expect(await (await fetch(`${stack.upstash.url}/get/bodykey`, { headers })).json()).toEqual({
      result: 'from body',
    });
  });

  it('answers errors: non-2xx for one command, per entry in a pipeline', async () => {
    await post('/', ['set', 'str', 'x']);
    const single = await post('/', ['incr', 'str']);
    expect(single.status).toBe(400);
    expect(single.body).toEqual({ error: expect.stringMatching(/^ERR/) });
    const pipeline = await post('/pipeline', [
      ['incr', 'str'],
      ['get', 'str'],
    ]);
    expect(pipeline.status).toBe(200);
    expect(pipeline.body).toEqual([{ error: expect.stringMatching(/^ERR/) }, { result: 'x' }]);
  });

  it('rejects malformed requests with a clear 400', async () => {
    expect((await post('/', '{not json')).status).toBe(400);
    expect((await post('/', [])).body).toEqual({ error: expect.stringMatching(/non-empty JSON array/) });
    expect((await post('/', ['set', 'k', { nested: 1 }])).body).toEqual({
      error: expect.stringMatching(/argument 2 of 'set' must be a string/),
    });
    expect((await post('/', ['subscribe', 'ch'])).status).toBe(400);
    expect((await post('/pipeline', {})).status).toBe(400);
  });

  it('caps the body size with 413', async () => {
    const small = await startUpstashLocal({ redisUrl: stack.redis.url, token: 't', maxBodyBytes: 1024 });
    try {
      const response = await fetch(small.url, {
        method: 'POST',
        headers: { authorization: 'Bearer t' },
        body: JSON.stringify(['set', 'k', 'x'.repeat(2048)]),
      });
      expect(response.status).toBe(413);
    } finally {
      await small.close();
    }
  });

  it('answers 503 with a clear message while Redis is down, and recovers when it is back', async () => {
    const ownRedis = await startRedisServer();
    const server = await startUpstashLocal({ redisUrl: ownRedis.url, token: 't' });
    const call = () =>
      fetch(server.url, { method: 'POST', headers: { authorization: 'Bearer t' }, body: '["ping"]' });
    try {
      expect((await call()).status).toBe(200);
      await ownRedis.stop();
      const down = await call();
      expect(down.status).toBe(503);
      expect(((await down.json()) as { error: string }).error).toMatch(/not reachable|did not answer/);
      const again = await startRedisServer({ port: ownRedis.port });
      try {
        let status = 0;
        for (let attempt = 0; attempt < 40 && status !== 200; attempt++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          status = (await call()).status;
        }
        expect(status).toBe(200);
      } finally {
        await again.stop();
      }
    } finally {
      await server.close();
    }
  });

  it('reports a taken port as PortInUseError', async () => {
    await expect(
      startUpstashLocal({ redisUrl: stack.redis.url, token: 't', port: stack.upstash.port }),
    ).rejects.toBeInstanceOf(PortInUseError);
  });

  it('closes with keep-alive sockets open', async () => {
    const server = await startUpstashLocal({ redisUrl: stack.redis.url, token: 't' });
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { authorization: 'Bearer t', connection: 'keep-alive' },
      body: '["ping"]',
    });
    expect(response.status).toBe(200);
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
