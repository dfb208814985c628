import { createServer, type Server } from 'node:http';
import { startRedisServer, startUpstashLocal } from '@cifra/upstash-local';
import type { TestProject } from 'vitest/node';
import { makeImageFixtures, type ImageFixtures } from './image-fixtures.ts';

/**
 * Starts, on free ports, for the edge tests:
 * - a real redis-server behind upstash-local (the Worker's normal Redis);
 * - upstash-local whose redis-server has been stopped ("Redis down": every call answers 503);
 * - upstash-local whose redis-server is paused by SIGSTOP ("Redis paused": connections open,
 *   no answer ever comes — what a stuck Redis looks like);
 * - a server that accepts requests and never answers ("Redis hangs"), for the limiter timeout.
 * Stops all of them afterwards.
 */
export default async function setup(project: TestProject) {
  const redis = await startRedisServer();
  const upstash = await startUpstashLocal({ redisUrl: redis.url, token: `edge-test-${crypto.randomUUID()}` });
  const deadRedis = await startRedisServer();
  // The same token as the real one: these answer like Redis in trouble, not like a wrong password.
  const downUpstash = await startUpstashLocal({ redisUrl: deadRedis.url, token: upstash.token });
  await deadRedis.stop();
  const pausedRedis = await startRedisServer();
  const pausedUpstash = await startUpstashLocal({ redisUrl: pausedRedis.url, token: upstash.token });
  await untilAnswering(pausedUpstash.url, upstash.token);
  process.kill(pausedRedis.pid, 'SIGSTOP');
  const hanging = await startHangingServer();

  project.provide('upstashUrl', upstash.url);
  project.provide('upstashToken', upstash.token);
  project.provide('downUpstashUrl', downUpstash.url);
  project.provide('hangingUpstashUrl', hanging.url);
  project.provide('pausedUpstashUrl', pausedUpstash.url);
  project.provide('images', makeImageFixtures());
  return async () => {
    await hanging.close();
    process.kill(pausedRedis.pid, 'SIGCONT');
    await pausedUpstash.close();
    await pausedRedis.stop();
    await downUpstash.close();
    await upstash.close();
    await redis.stop();
  };
}

/** Waits until upstash-local's Redis connection is ready (it connects in the background). */
async function untilAnswering(url: string, token: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify(['PING']),
    }).catch(() => undefined);
    if (response?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`upstash-local at ${url} did not answer within 10 s`);
}

async function startHangingServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(() => {
    // Never answers.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    upstashUrl: string;
    upstashToken: string;
    downUpstashUrl: string;
    hangingUpstashUrl: string;
    pausedUpstashUrl: string;
    images: ImageFixtures;
  }
}
