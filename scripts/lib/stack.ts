import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import {
  freePort,
  startRedisServer,
  startUpstashLocal,
  type RedisServer,
  type UpstashLocal,
} from '@cifra/upstash-local';
import { killWithThisProcess, spawnGroup, stopGroup } from './child-process.ts';
import { ensureDevVars } from './dev-vars.ts';
import { assertPortFree, ExitedBeforeReadyError, onPickedPort } from './ports.ts';

export const repoRoot = resolve(import.meta.dirname, '../..');

/** Keeps wrangler from contacting telemetry, cf.json and update hosts. */
export const wranglerEnv = {
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_SEND_ERROR_REPORTS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
} as const;

/** Options of {@link startStack}. */
export interface StackOptions {
  /** Port of the app and API (wrangler dev); 0 picks a free one once Redis and upstash-local
   * hold theirs, and picks again if another process takes it before wrangler binds it (tests
   * running side by side). @default 8787 */
  port?: number;
  /** Port of the ephemeral redis-server; 0 picks a free one. @default 0 */
  redisPort?: number;
  /** Port of upstash-local; 0 picks a free one. @default 0 */
  upstashPort?: number;
  /** The redis-server executable. @default 'redis-server' from PATH */
  redisServer?: string;
  /** Extra Worker vars as `NAME:VALUE` (wrangler's --var). @default [] */
  vars?: string[];
  /** A real Upstash to use instead of local Redis; default from UPSTASH_REDIS_REST_URL/_TOKEN. */
  upstash?: { url: string; token: string };
  /** Where progress goes. @default console.log */
  log?: (line: string) => void;
  /**
   * Interrupts start-up: what has started is stopped, then startStack rejects with the
   * signal's reason. (Once started, stop the stack with its stop().)
   */
  signal?: AbortSignal;
}

/** The running local stack. */
export interface Stack {
  url: string;
  redis: 'local' | 'upstash';
  /** The local redis-server's process id (for fault drills such as `npm run soak`); none with a real Upstash. */
  redisPid?: number;
  /** The demo account created in local mode (random password each start); none with a real Upstash. */
  demo?: { username: string; password: string };
  stop(): Promise<void>;
  /** Resolves when wrangler exits by itself (a crash): the stack is then stopped. */
  exited: Promise<number | null>;
}

/**
 * Starts, on loopback: redis-server (no persistence) and upstash-local in front of it — or a
 * real Upstash when configured — then `wrangler dev` serving the Worker and the built app;
 * resolves once `/api/health` says Redis is up. Anything already started is stopped when a
 * later step fails or `options.signal` aborts. The child processes die with this process,
 * however it dies (see child-process.ts).
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const log = options.log ?? console.log;
  const wantedPort = options.port ?? 8787;
  const { signal } = options;
  signal?.throwIfAborted();
  if (wantedPort !== 0) await assertPortFree(wantedPort);

  const written = ensureDevVars(resolve(repoRoot, '.dev.vars'));
  if (written.length > 0) log(`Wrote random ${written.join(' and ')} to .dev.vars`);

  let redis: RedisServer | undefined;
  let upstashLocal: UpstashLocal | undefined;
  let servicesStopped: Promise<void> | undefined;
  const stopServices = () =>
    (servicesStopped ??= (async () => {
      await upstashLocal?.close();
      await redis?.stop();
    })());

  try {
    let upstash = options.upstash;
    if (!upstash) {
      redis = await startRedisServer({
        port: options.redisPort ?? 0,
        ...(options.redisServer ? { executable: options.redisServer } : {}),
        onSpawn: killWithThisProcess,
      });
      signal?.throwIfAborted();
      upstashLocal = await startUpstashLocal({
        redisUrl: redis.url,
        token: randomBytes(24).toString('base64url'),
        port: options.upstashPort ?? 0,
      });
      upstash = { url: upstashLocal.url, token: upstashLocal.token };
      log(`redis-server on ${redis.url}, upstash-local on ${upstashLocal.url}`);
    } else {
      log(`Using Upstash at ${upstash.url}`);
    }

    const services = upstash; // Narrowed once for the closure below.
    return await onPickedPort(
      wantedPort,
      async (port) => {
        let inspectorPort = await freePort();
        while (inspectorPort === port) inspectorPort = await freePort();
        signal?.throwIfAborted();
        const { wrangler, exited } = spawnWrangler(port, inspectorPort, services, options.vars ?? []);
        const url = `http://127.0.0.1:${port}`;
        let stopping: Promise<void> | undefined;
        const stop = () => (stopping ??= stopGroup(wrangler).then(stopServices));
        try {
          await Promise.race([
            waitForHealth(url, 90_000, signal),
            exited.then((code) =>
              Promise.reject(
                new ExitedBeforeReadyError(`wrangler dev exited (code ${code}) before it was ready`),
              ),
            ),
          ]);
          const demo = upstashLocal ? await createDemoAccount(url, signal).catch(() => undefined) : undefined;
          signal?.throwIfAborted();
          return {
            url,
            redis: upstashLocal ? 'local' : 'upstash',
            ...(redis ? { redisPid: redis.pid } : {}),
            ...(demo ? { demo } : {}),
            stop,
            exited,
          } satisfies Stack;
        } catch (error) {
          // Only wrangler: the services stay up for another port, or stop below.
          await stopGroup(wrangler);
          throw error;
        }
      },
      {
        onRetry: (port) =>
          log(`wrangler dev exited before it was ready on port ${port}; trying another port`),
      },
    );
  } catch (error) {
    await stopServices();
    throw error;
  }
}

/** `wrangler dev` serving the Worker and the built app on `port`, talking to `upstash`. */
function spawnWrangler(
  port: number,
  inspectorPort: number,
  upstash: { url: string; token: string },
  vars: readonly string[],
): { wrangler: ReturnType<typeof spawnGroup>; exited: Promise<number | null> } {
  const wrangler = spawnGroup(
    resolve(repoRoot, 'node_modules/.bin/wrangler'),
    [
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--inspector-port',
      String(inspectorPort),
      '--show-interactive-dev-session=false',
      '--log-level',
      'warn',
      '--var',
      'ENVIRONMENT:development',
      '--var',
      `UPSTASH_REDIS_REST_URL:${upstash.url}`,
      '--var',
      `UPSTASH_REDIS_REST_TOKEN:${upstash.token}`,
      ...vars.flatMap((value) => ['--var', value]),
    ],
    { cwd: repoRoot, env: { ...process.env, ...wranglerEnv }, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const exited = new Promise<number | null>((resolveExit) =>
    wrangler.once('exit', (code) => resolveExit(code)),
  );
  return { wrangler, exited };
}

/**
 * Registers the local demo account through the API, like any user would. The Worker has no
 * built-in account; the password is random each start (local Redis is ephemeral anyway).
 */
async function createDemoAccount(
  url: string,
  signal: AbortSignal | undefined,
): Promise<{ username: string; password: string }> {
  const account = { username: 'demo', password: randomBytes(12).toString('base64url') };
  const response = await fetch(`${url}/api/auth/register`, {
    method: 'POST',
    ...(signal ? { signal } : {}),
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  });
  if (response.status !== 201) throw new Error(`demo account: HTTP ${response.status}`);
  return account;
}

/** Polls `/api/health` until it answers 200 with Redis up; rejects at once when `signal` aborts. */
async function waitForHealth(url: string, timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    const timeout = AbortSignal.timeout(5_000);
    try {
      const response = await fetch(`${url}/api/health`, {
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      if (response.ok) return;
      last = `HTTP ${response.status}: ${await response.text()}`;
    } catch (error) {
      signal?.throwIfAborted();
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`${url}/api/health was not healthy within ${timeoutMs / 1000} s (last: ${last})`);
}
