/** One Redis command as Upstash receives it: `["set", "key", "value", "ex", 10]`. */
export type UpstashCommand = readonly unknown[];

/** Raised when a request names a command that cannot be honoured; answered as 400 `{error}`. */
export class CommandError extends Error {
  override name = 'CommandError';
}

/**
 * Commands that would take over or block the shared connection, which Upstash's REST API does
 * not offer either (it has separate endpoints for those).
 */
const refusedCommands = new Set([
  'subscribe',
  'psubscribe',
  'ssubscribe',
  'unsubscribe',
  'punsubscribe',
  'sunsubscribe',
  'monitor',
  'multi',
  'exec',
  'discard',
  'watch',
  'unwatch',
  'select',
  'quit',
  'reset',
  'shutdown',
  'client',
  'hello',
  'auth',
]);

/**
 * Validates one command and coerces its arguments to what Redis wants: strings. The Upstash
 * clients send numbers and booleans as JSON numbers and booleans.
 */
export function toRedisArgs(command: unknown): [name: string, args: string[]] {
  if (!Array.isArray(command) || command.length === 0) {
    throw new CommandError('ERR a command is a non-empty JSON array, e.g. ["get","key"]');
  }
  const [rawName, ...rawArgs] = command as unknown[];
  if (typeof rawName !== 'string' || rawName.length === 0) {
    throw new CommandError('ERR the command name must be a non-empty string');
  }
  const name = rawName.toLowerCase();
  if (refusedCommands.has(name)) {
    throw new CommandError(`ERR command '${name}' is not available over the REST API`);
  }
  const args = rawArgs.map((arg, index) => {
    if (typeof arg === 'string') return arg;
    if (typeof arg === 'number' || typeof arg === 'boolean') return String(arg);
    throw new CommandError(
      `ERR argument ${index + 1} of '${name}' must be a string, number or boolean, got ${arg === null ? 'null' : typeof arg}`,
    );
  });
  return [name, args];
}
