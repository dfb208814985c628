/**
 * `npm start`: builds the web app, then runs the whole stack on loopback until Ctrl-C.
 * Flags: --port 8787, --redis-port 0 (free), --upstash-port 0 (free), --redis-server PATH,
 * --var NAME:VALUE (a Worker var, repeatable; e.g. looser limits for tests), --no-build.
 * Env: UPSTASH_REDIS_REST_URL + UPSTASH_REDIS_REST_TOKEN use a real Upstash instead of Redis.
 * SIGINT, SIGTERM or SIGHUP — at any moment, start-up included — or the death of its parent
 * (tsx) stops everything it started; should it die itself (SIGKILL), a watchdog does.
 */
import { parseArgs } from 'node:util';
import { RedisServerNotFoundError, PortInUseError } from '@cifra/upstash-local';
import { onParentExit, run } from './lib/child-process.ts';
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

// Before anything starts: a Ctrl-C during start-up has to stop what has started so far.
const stopping = new AbortController();
function shutdown(reason: string): void {
  if (stopping.signal.aborted) return; // already stopping
  console.log(`\n${reason}: stopping…`);
  stopping.abort(new Error(reason));
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal));
// `npm start` runs this under tsx, whose death (SIGKILL included) would tell this process nothing.
onParentExit(() => shutdown('Parent process gone'));

async function main(): Promise<number> {
  const { signal } = stopping;
  if (values.build && !values['no-build']) {
    console.log('Building the web app…');
    await run('npm', ['run', 'build', '--silent', '-w', '@cifra/web'], { cwd: repoRoot, signal });
  }
  const { UPSTASH_REDIS_REST_URL: upstashUrl, UPSTASH_REDIS_REST_TOKEN: upstashToken } = process.env;
  const stack = await startStack({
    port: Number(values.port),
    redisPort: Number(values['redis-port']),
    upstashPort: Number(values['upstash-port']),
    ...(values['redis-server'] ? { redisServer: values['redis-server'] } : {}),
    vars: values.var,
    ...(upstashUrl && upstashToken ? { upstash: { url: upstashUrl, token: upstashToken } } : {}),
    signal,
  });
  console.log(`\nCifra is running at ${stack.url}  (redis: ${stack.redis}; Ctrl-C stops everything)`);
  if (stack.demo) console.log(`Demo login: ${stack.demo.username} / ${stack.demo.password}`);
  console.log('');

  const stopped = new Promise<undefined>((done) =>
    signal.aborted
      ? done(undefined)
      : signal.addEventListener('abort', () => done(undefined), { once: true }),
  );
  const crashed = await Promise.race([stack.exited.then((code) => ({ code })), stopped]);
  if (crashed) console.error(`wrangler dev exited by itself (code ${crashed.code}); stopping the rest.`);
  await stack.stop();
  return crashed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Interrupted start-up: startStack has stopped what it had started.
    if (stopping.signal.aborted) process.exit(0);
    fail(error);
  },
);

function fail(error: unknown): never {
  if (error instanceof RedisServerNotFoundError || error instanceof PortInUseError) {
    console.error(`\nCannot start Cifra: ${error.message}`);
    if (error instanceof PortInUseError) console.error('Choose other ports with: npm start -- --port 8788');
  } else {
    console.error('\nCannot start Cifra:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
}
