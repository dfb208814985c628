/**
 * `npm start`: builds the web app, then runs the whole stack on loopback until Ctrl-C.
 * Flags: --port 8787, --redis-port 0 (free), --upstash-port 0 (free), --redis-server PATH,
 * --var NAME:VALUE (a Worker var, repeatable; e.g. looser limits for tests), --no-build.
 * Env: UPSTASH_REDIS_REST_URL + UPSTASH_REDIS_REST_TOKEN use a real Upstash instead of Redis.
 */
import { parseArgs } from 'node:util';
import { RedisServerNotFoundError, PortInUseError } from '@cifra/upstash-local';
import { run } from './lib/child-process.ts';
import { repoRoot, startStack } from './lib/stack.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '8787' },
    'redis-port': { type: 'string', default: '0' },
    'upstash-port': { type: 'string', default: '0' },
    'redis-server': { type: 'string' },
    var: { type: 'string', multiple: true, default: [] },
    build: { type: 'boolean', default: true },
    'no-build': { type: 'boolean', default: false },
  },
});

async function main(): Promise<void> {
  if (values.build && !values['no-build']) {
    console.log('Building the web app…');
    await run('npm', ['run', 'build', '--silent', '-w', '@cifra/web'], { cwd: repoRoot });
  }
  const { UPSTASH_REDIS_REST_URL: upstashUrl, UPSTASH_REDIS_REST_TOKEN: upstashToken } = process.env;
  const stack = await startStack({
    port: Number(values.port),
    redisPort: Number(values['redis-port']),
    upstashPort: Number(values['upstash-port']),
    ...(values['redis-server'] ? { redisServer: values['redis-server'] } : {}),
    vars: values.var,
    ...(upstashUrl && upstashToken ? { upstash: { url: upstashUrl, token: upstashToken } } : {}),
  });
  console.log(`\nCifra is running at ${stack.url}  (redis: ${stack.redis}; Ctrl-C stops everything)`);
  if (stack.demo) console.log(`Demo login: ${stack.demo.username} / ${stack.demo.password}`);
  console.log('');

  let shuttingDown = false;
  const shutdown = (signal: string) => {
    shuttingDown = true;
    console.log(`\n${signal}: stopping…`);
    void stack.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  const code = await stack.exited;
  if (shuttingDown) return; // shutdown() exits once everything has stopped
  console.error(`wrangler dev exited by itself (code ${code}); stopping the rest.`);
  await stack.stop();
  process.exit(1);
}

main().catch((error: unknown) => {
  if (error instanceof RedisServerNotFoundError || error instanceof PortInUseError) {
    console.error(`\nCannot start Cifra: ${error.message}`);
    if (error instanceof PortInUseError) console.error('Choose other ports with: npm start -- --port 8788');
  } else {
    console.error('\nCannot start Cifra:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
