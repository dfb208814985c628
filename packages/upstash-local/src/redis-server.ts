import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { PortInUseError } from './server.ts';

/** Options of {@link startRedisServer}. */
export interface RedisServerOptions {
  /** Port for redis-server; 0 picks a free one. @default 0 */
  port?: number;
  /** The redis-server executable. @default 'redis-server' (from PATH) */
  executable?: string;
  /** How long to wait for it to accept connections. @default 10_000 ms */
  startTimeoutMs?: number;
  /** Called with the process as soon as it is spawned, e.g. to kill it should the caller die. */
  onSpawn?: (child: ChildProcess) => void;
}

/** A running, ephemeral redis-server: no RDB snapshots, no AOF, loopback only. */
export interface RedisServer {
  url: string;
  port: number;
  pid: number;
  /** Stops it (SIGTERM, then SIGKILL after 3 s) and waits for the process to exit. */
  stop(): Promise<void>;
}

/** redis-server is not installed or not on PATH. */
export class RedisServerNotFoundError extends Error {
  override name = 'RedisServerNotFoundError';
  constructor(executable: string) {
    super(
      `'${executable}' was not found on PATH. Install Redis 7: ` +
        `Debian/Ubuntu 'sudo apt-get install -y redis-server', macOS 'brew install redis'.`,
    );
  }
}

/** Starts redis-server as a child process on loopback, without persistence. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const executable = options.executable ?? 'redis-server';
  const port = options.port || (await freePort());
  const child = spawn(
    executable,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  options.onSpawn?.(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));

  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new RedisServerNotFoundError(executable) : error),
    );
    child.once('exit', (code) => {
      if (/Address already in use/i.test(output)) reject(new PortInUseError(port));
      else reject(new Error(`redis-server exited (code ${code}) before it was ready:\n${output}`));
    });
  });
  exited.catch(() => {});

  try {
    await Promise.race([exited, waitForPort(port, options.startTimeoutMs ?? 10_000)]);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error('redis-server started without a pid');
  return { url: `redis://127.0.0.1:${port}`, port, pid, stop: () => stopChild(child) };
}

/** Asks the OS for a free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await answersPing(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not accept connections on port ${port} within ${timeoutMs} ms`);
}

/** True when something on the port answers a RESP PING with +PONG. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
