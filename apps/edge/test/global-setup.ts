import { createServer, type Server } from 'node:http';
import { startRedisServer, startUpstashLocal } from '@cifra/upstash-local';
import type { TestProject } from 'vitest/node';
import { makeImageFixtures, type ImageFixtures } from './image-fixtures.ts';

/**
 * Starts, on free ports, for the edge tests:
 * - a real redis-server behind upstash-local (the Worker's normal Redis);
 * - upstash-local whose redis-server has been stopped ("Redis down": every call answers 503);
 * - a server that accepts requests and never answers ("Redis hangs"), for the limiter timeout.
 * Stops all of them afterwards.
 */
export default async function setup(project: TestProject) {
  const redis = await startRedisServer();
  const upstash = await startUpstashLocal({ redisUrl: redis.url, token: `edge-test-${crypto.randomUUID()}` });
  const deadRedis = await startRedisServer();
  const downUpstash = await startUpstashLocal({ redisUrl: deadRedis.url, token: 'down' });
  await deadRedis.stop();
  const hanging = await startHangingServer();

  project.provide('upstashUrl', upstash.url);
  project.provide('upstashToken', upstash.token);
  project.provide('downUpstashUrl', downUpstash.url);
  project.provide('hangingUpstashUrl', hanging.url);
  project.provide('images', makeImageFixtures());
  return async () => {
    await hanging.close();
    await downUpstash.close();
    await upstash.close();
    await redis.stop();
  };
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
    images: ImageFixtures;
  }
}
