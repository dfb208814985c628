import { parseArgs } from 'node:util';
import { startUpstashLocal } from './server.ts';

const usage = `Usage: upstash-local --redis redis://127.0.0.1:6379 --token <token> [--port 8079] [--host 127.0.0.1]

Serves Upstash's REST protocol over the given Redis. The token may also come from
UPSTASH_LOCAL_TOKEN. Stops cleanly on Ctrl-C / SIGTERM.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      redis: { type: 'string' },
      port: { type: 'string', default: '8079' },
      host: { type: 'string', default: '127.0.0.1' },
      token: { type: 'string' },
      'max-body-bytes': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return console.log(usage);
  const token = values.token ?? process.env.UPSTASH_LOCAL_TOKEN;
  if (!values.redis || !token) {
    console.error(`upstash-local: --redis and --token are required.\n\n${usage}`);
    process.exit(2);
  }
  const server = await startUpstashLocal({
    redisUrl: values.redis,
    token,
    port: Number(values.port),
    host: values.host,
    ...(values['max-body-bytes'] ? { maxBodyBytes: Number(values['max-body-bytes']) } : {}),
  });
  console.log(`upstash-local listening on ${server.url} (redis ${values.redis})`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`upstash-local: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
