/**
 * `npm run bench:edge`: time POST /api/predict on the local stack (wrangler dev, workerd, tfjs
 * cpu backend). Distinct MNIST test digits, so every request runs inference (cold cache), then
 * the same digits again (shared-cache hits). Prints medians and p95 of the server-side time the
 * answer reports (`ms`) and of the client-side round trip.
 */
import { cpus } from 'node:os';
import { freePort } from '@cifra/upstash-local';
import { mnistImage, pixelsToPng } from '../e2e/mnist.ts';
import { startStack } from './lib/stack.ts';

const requests = Number(process.argv[2] ?? 60);
const digitPng = (index: number) => pixelsToPng(mnistImage(index).pixels, { darkOnLight: true });

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const stack = await startStack({
  port: await freePort(),
  vars: [
    'LIMIT_PREDICT_PER_USER:100000/1 m',
    'LIMIT_PREDICT_PER_IP_HOUR:100000/1 h',
    'LIMIT_PREDICT_PER_IP_DAY:100000/1 d',
  ],
  log: () => {},
});
try {
  const account = { username: `bench-${Date.now()}`, password: 'a long benchmark passphrase' };
  const session = (await (
    await fetch(`${stack.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(account),
    })
  ).json()) as { accessToken: string };

  const run = async (label: string) => {
    const server: number[] = [];
    const client: number[] = [];
    for (let index = 0; index < requests; index++) {
      const started = performance.now();
      const response = await fetch(`${stack.url}/api/predict`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session.accessToken}`, 'content-type': 'image/png' },
        body: digitPng(index),
      });
      const answer = (await response.json()) as { ms: number; cached: boolean };
      client.push(performance.now() - started);
      if (index > 0) server.push(answer.ms); // the first request loads the model
    }
    console.log(
      `${label.padEnd(22)} server ms p50 ${percentile(server, 50).toFixed(1)} p95 ${percentile(server, 95).toFixed(1)} | ` +
        `round trip ms p50 ${percentile(client, 50).toFixed(1)} p95 ${percentile(client, 95).toFixed(1)}`,
    );
  };
  console.log(
    `POST /api/predict, ${requests} requests each, ${cpus()[0]?.model ?? 'cpu'} x${cpus().length}, wrangler dev (workerd), tfjs cpu backend`,
  );
  await run('inference (cold cache)');
  await run('shared-cache hits');
} finally {
  await stack.stop();
}
