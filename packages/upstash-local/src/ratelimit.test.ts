import { Ratelimit } from '@upstash/ratelimit';
import { Redis } from '@upstash/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from './test-stack.ts';

let stack: TestStack;
let redis: Redis;

beforeAll(async () => {
  stack = await startTestStack();
  redis = new Redis({ url: stack.upstash.url, token: stack.upstash.token, enableTelemetry: false });
});
afterAll(() => stack.stop());

const limiters = {
  slidingWindow: () => Ratelimit.slidingWindow(7, '60 s'),
  fixedWindow: () => Ratelimit.fixedWindow(7, '60 s'),
  tokenBucket: () => Ratelimit.tokenBucket(1, '60 s', 7),
};

describe('@upstash/ratelimit through upstash-local', () => {
  for (const [name, limiter] of Object.entries(limiters)) {
    it(`${name} allows exactly 7 of 20 concurrent calls`, async () => {
      const ratelimit = new Ratelimit({
        redis,
        limiter: limiter(),
        prefix: `test:${name}`,
        analytics: false,
      });
      const results = await Promise.all(Array.from({ length: 20 }, () => ratelimit.limit('user-1')));
      expect(results.filter((result) => result.success)).toHaveLength(7);
      expect(results.every((result) => result.reason !== 'timeout')).toBe(true);
      // Another identifier has its own allowance.
      expect((await ratelimit.limit('user-2')).success).toBe(true);
    });
  }
});
