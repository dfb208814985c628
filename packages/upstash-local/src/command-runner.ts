import type { Redis } from 'ioredis';
import { toRedisArgs } from './command-args.ts';
import type { LuaScriptRewriter } from './lua-scripts.ts';
import type { RedisReply } from './reply-encoding.ts';

/** The outcome of one command: its reply or the error Redis gave. */
export type CommandOutcome = { result: RedisReply } | { error: string };

/** The part of ioredis this package uses: raw commands with binary-safe replies. */
export type RedisConnection = Pick<Redis, 'callBuffer' | 'pipeline' | 'multi' | 'status'>;

/** A validated command, ready for Redis. */
export interface PreparedCommand {
  name: string;
  args: string[];
  /** Set when the client must see another reply than Redis's (SCRIPT LOAD of a rewritten script). */
  replyOverride?: Buffer;
}

/** Redis cannot be reached; answered as 503. */
export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

/**
 * Runs Upstash-shaped commands on Redis: one, a pipeline (each command on its own), or a
 * transaction. Scripts go through the rewriter first.
 */
export class CommandRunner {
  readonly #redis: RedisConnection;
  readonly #scripts: LuaScriptRewriter;
  readonly #redisUrl: string;

  constructor(redis: RedisConnection, scripts: LuaScriptRewriter, redisUrl: string) {
    this.#redis = redis;
    this.#scripts = scripts;
    this.#redisUrl = redisUrl;
  }

  /** Validates a command; throws CommandError on bad input. */
  prepare(command: unknown): PreparedCommand {
    const [name, args] = toRedisArgs(command);
    const first = args[0];
    if (first === undefined) return { name, args };
    switch (name) {
      case 'eval':
      case 'eval_ro':
        return { name, args: [this.#scripts.rewrite(first), ...args.slice(1)] };
      case 'evalsha':
      case 'evalsha_ro':
        return { name, args: [this.#scripts.redisSha(first), ...args.slice(1)] };
      case 'script': {
        const sub = first.toLowerCase();
        const script = args[1];
        if (sub === 'load' && script !== undefined) {
          const replyOverride = Buffer.from(this.#scripts.clientSha(script));
          return { name, args: ['load', this.#scripts.rewrite(script)], replyOverride };
        }
        if (sub === 'exists') {
          return { name, args: ['exists', ...args.slice(1).map((sha) => this.#scripts.redisSha(sha))] };
        }
        return { name, args };
      }
      default:
        return { name, args };
    }
  }

  async runOne(command: PreparedCommand): Promise<CommandOutcome> {
    this.#assertConnected();
    try {
      const reply = (await this.#redis.callBuffer(command.name.toUpperCase(), ...command.args)) as RedisReply;
      return { result: command.replyOverride ?? reply };
    } catch (error) {
      return this.#outcomeOfError(error);
    }
  }

  async runBatch(commands: PreparedCommand[], transaction: boolean): Promise<CommandOutcome[]> {
    this.#assertConnected();
    const batch = transaction ? this.#redis.multi() : this.#redis.pipeline();
    for (const { name, args } of commands) batch.callBuffer(name.toUpperCase(), ...args);
    let replies: [Error | null, unknown][];
    try {
      replies = (await batch.exec()) ?? [];
    } catch (error) {
      // A transaction that Redis aborted (EXECABORT) fails as a whole: report it on every entry.
      const outcome = this.#outcomeOfError(error);
      return commands.map(() => outcome);
    }
    return replies.map(([error, reply], index) =>
      error
        ? this.#outcomeOfError(error)
        : { result: commands[index]?.replyOverride ?? (reply as RedisReply) },
    );
  }

  #assertConnected(): void {
    if (this.#redis.status !== 'ready') {
      throw new RedisUnavailableError(
        `Redis at ${this.#redisUrl} is not reachable (connection ${this.#redis.status}). Is redis-server running?`,
      );
    }
  }

  /** Redis's own errors (`ERR …`, `NOSCRIPT …`) go to the client; losing Redis is a 503. */
  #outcomeOfError(error: unknown): CommandOutcome {
    // Redis's own error replies; ioredis names them so (matched by name: its CJS class does
    // not survive every ESM interop, e.g. vitest's global setup).
    if (error instanceof Error && error.name === 'ReplyError') return { error: error.message };
    throw new RedisUnavailableError(
      `Redis at ${this.#redisUrl} did not answer: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
