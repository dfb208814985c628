import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
// Default import: the named `Redis` export is undefined under some ESM interops of this CJS module.
import IORedis from 'ioredis';
import { CommandError } from './command-args.ts';
import { CommandRunner, RedisUnavailableError, type CommandOutcome } from './command-runner.ts';
import { LuaScriptRewriter } from './lua-scripts.ts';
import { encodeReply, type ReplyEncoding } from './reply-encoding.ts';

/** Options of {@link startUpstashLocal}. */
export interface UpstashLocalOptions {
  /** The Redis to speak to, e.g. `redis://127.0.0.1:6379`. */
  redisUrl: string;
  /** The bearer token clients must send. Required: there is no default token. */
  token: string;
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** Address to listen on. @default '127.0.0.1' */
  host?: string;
  /** Largest request body accepted, in bytes; larger ones get 413. @default 10 MiB */
  maxBodyBytes?: number;
}

/** A running server; `close()` stops it and its Redis connection. */
export interface UpstashLocal {
  /** Base URL for `UPSTASH_REDIS_REST_URL`, e.g. `http://127.0.0.1:39017`. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** The port is taken by another process. */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(readonly port: number) {
    super(`Port ${port} is already in use. Stop whatever listens there or choose another port.`);
  }
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const defaultMaxBodyBytes = 10 * 1024 * 1024;

/**
 * Starts an HTTP server that speaks Upstash's REST protocol over a real Redis: `POST /` (one
 * command), `POST /pipeline`, `POST /multi-exec`, and the path form `/CMD/arg/…`.
 */
export async function startUpstashLocal(options: UpstashLocalOptions): Promise<UpstashLocal> {
  if (!options.token) throw new Error('upstash-local needs a token: clients must authenticate.');
  const maxBodyBytes = options.maxBodyBytes ?? defaultMaxBodyBytes;
  const host = options.host ?? '127.0.0.1';
  const redis = new IORedis(options.redisUrl, {
    protocol: 2,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    // Keep reconnecting, so a restarted Redis is picked up again.
    retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
  });
  // Connection errors are reported per request as 503; don't let them crash the process.
  redis.on('error', () => {});
  await redis.connect().catch(() => {});

  const runner = new CommandRunner(redis, new LuaScriptRewriter(), options.redisUrl);
  const expectedToken = digest(options.token);

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      request.resume();
      if (error instanceof HttpError) return send(response, error.status, { error: error.message });
      if (error instanceof CommandError) return send(response, 400, { error: error.message });
      if (error instanceof RedisUnavailableError) return send(response, 503, { error: error.message });
      send(response, 500, { error: `ERR ${error instanceof Error ? error.message : String(error)}` });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!isAuthorised(request.headers.authorization, expectedToken)) {
      throw new HttpError(401, 'Unauthorized');
    }
    const encoding: ReplyEncoding =
      String(request.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64' ? 'base64' : 'utf8';
    const body = await readBody(request, maxBodyBytes);

    if (url.pathname === '/pipeline' || url.pathname === '/multi-exec') {
      if (request.method !== 'POST') throw new HttpError(405, `ERR ${url.pathname} takes POST`);
      const commands = parseJson(body);
      if (!Array.isArray(commands) || commands.length === 0) {
        throw new CommandError('ERR the body must be a non-empty JSON array of commands');
      }
      const outcomes = await runner.runBatch(
        commands.map((command) => runner.prepare(command)),
        url.pathname === '/multi-exec',
      );
      return send(
        response,
        200,
        outcomes.map((outcome) => encodeOutcome(outcome, encoding)),
      );
    }

    let command: unknown;
    if (url.pathname === '/') {
      if (request.method !== 'POST') throw new HttpError(405, 'ERR / takes POST with a JSON command');
      command = parseJson(body);
    } else {
      // Path form: /set/key/value, with a POST body appended as the last argument.
      command = url.pathname.split('/').slice(1).map(decodeURIComponent);
      if (body.length > 0) command = [...(command as string[]), body.toString('utf8')];
    }
    const outcome = encodeOutcome(await runner.runOne(runner.prepare(command)), encoding);
    send(response, 'error' in outcome ? 400 : 200, outcome);
  }

  const port = await listen(server, options.port ?? 0, host);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  return {
    url: `http://${host}:${port}`,
    port,
    token: options.token,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      redis.disconnect();
    },
  };
}

function encodeOutcome(outcome: CommandOutcome, encoding: ReplyEncoding) {
  return 'error' in outcome ? outcome : { result: encodeReply(outcome.result, encoding) };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Constant-time check of `Authorization: Bearer <token>`. */
function isAuthorised(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), expected);
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new CommandError('ERR the body is not valid JSON');
  }
}

/** Reads the body, refusing it as soon as it passes the cap (before buffering it all). */
async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    request.resume();
    throw new HttpError(413, `ERR the request body exceeds ${maxBytes} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      request.resume();
      throw new HttpError(413, `ERR the request body exceeds ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error);
    });
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}
