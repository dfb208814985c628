/**
 * An Upstash-REST-compatible server over a real redis-server, for local runs and tests.
 * No such package exists on npm; the protocol is Upstash's (see README.md beside this file).
 */
export { startUpstashLocal, PortInUseError, type UpstashLocal, type UpstashLocalOptions } from './server.ts';
export {
  startRedisServer,
  freePort,
  RedisServerNotFoundError,
  type RedisServer,
  type RedisServerOptions,
} from './redis-server.ts';
export { stripUnknownFlags } from './lua-scripts.ts';
