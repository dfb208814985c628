import { startRedisServer, startUpstashLocal } from '@cifra/upstash-local';
import type { TestProject } from 'vitest/node';

/** Starts redis-server and upstash-local on free ports for the edge tests; stops both after. */
export default async function setup(project: TestProject) {
  const redis = await startRedisServer();
  const upstash = await startUpstashLocal({
    redisUrl: redis.url,
    token: `edge-test-${crypto.randomUUID()}`,
  }).catch(async (error: unknown) => {
    await redis.stop();
    throw error;
  });
  project.provide('upstashUrl', upstash.url);
  project.provide('upstashToken', upstash.token);
  project.provide('redisUrl', redis.url);
  return async () => {
    await upstash.close();
    await redis.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    upstashUrl: string;
    upstashToken: string;
    redisUrl: string;
  }
}
