import { startRedisServer, type RedisServer } from './redis-server.ts';
import { startUpstashLocal, type UpstashLocal } from './server.ts';

/** A redis-server plus upstash-local on free ports, for this package's tests. */
export interface TestStack {
  redis: RedisServer;
  upstash: UpstashLocal;
  stop(): Promise<void>;
}

export async function startTestStack(): Promise<TestStack> {
  const redis = await startRedisServer();
  const upstash = await startUpstashLocal({ redisUrl: redis.url, token: 'test-token-' + redis.port }).catch(
    async (error: unknown) => {
      await redis.stop();
      throw error;
    },
  );
  return {
    redis,
    upstash,
    async stop() {
      await upstash.close();
      await redis.stop();
    },
  };
}
