/**
 * `npm run bench:edge`: the edge's own inference on the local stack (wrangler dev, workerd),
 * once on tfjs WASM (the default, from the bundled module) and once on the cpu fallback
 * (`INFERENCE_BACKEND=cpu`), side by side:
 * - a fresh `POST /api/predict` of a 280x280 PNG (distinct MNIST test digits, so every request
 *   decodes, preprocesses and infers), then the same pictures again (shared-cache hits);
 * - a contribution (`PUT /api/predictions/…` with a fresh 784-byte input: hash, inference).
 * Server time comes from the Server-Timing header (decode, preprocess, cache, infer, total);
 * the first request of a stack, which loads the model, is left out. Medians and p95.
 */
import { createHash } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { freePort } from '@cifra/upstash-local';
import { mnistImage, pixelsToPng } from '../e2e/mnist.ts';
import { startStack } from './lib/stack.ts';

const requests = Number(process.argv[2] ?? 60);
const picture = (index: number) => pixelsToPng(mnistImage(index).pixels, { darkOnLight: true, scale: 10 });

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** `decode;dur=1.2, infer;desc="wasm";dur=0.4, total;dur=3.1` → { decode: 1.2, infer: 0.4, total: 3.1 } */
function serverTiming(header: string | null): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().split(';');
    const duration = params.find((param) => param.startsWith('dur='));
    if (name && duration) metrics[name] = Number(duration.slice(4));
  }
  return metrics;
}

type Samples = Record<string, number[]>;
const add = (samples: Samples, metrics: Record<string, number>) => {
  for (const [name, value] of Object.entries(metrics)) (samples[name] ??= []).push(value);
};
const line = (label: string, samples: Samples, names: string[]) =>
  `${label.padEnd(28)} ${names
    .map(
      (name) =>
        `${name} ${percentile(samples[name] ?? [], 50).toFixed(2)}/${percentile(samples[name] ?? [], 95).toFixed(2)}`,
    )
    .join('  ')}`;

async function measure(backend: 'auto' | 'cpu'): Promise<string[]> {
  const stack = await startStack({
    port: await freePort(),
    vars: [
      `INFERENCE_BACKEND:${backend}`,
      'LIMIT_PREDICT_PER_USER:100000/1 m',
      'LIMIT_PREDICT_PER_IP_HOUR:100000/1 h',
      'LIMIT_PREDICT_PER_IP_DAY:100000/1 d',
      'LIMIT_CACHE_WRITES_PER_USER:100000/1 m',
      'LIMIT_CACHE_DISAGREEMENTS_PER_USER:100000/1 h',
      'LIMIT_REGISTER_PER_IP:1000/1 m',
    ],
    log: () => {},
  });
  try {
    const account = { username: `bench-${Date.now()}`, password: 'a long benchmark passphrase' };
    const { accessToken } = (await (
      await fetch(`${stack.url}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(account),
      })
    ).json()) as { accessToken: string };
    const headers = { authorization: `Bearer ${accessToken}` };
    let version = '';
    let usedBackend = '';

    const predictRun = async (offset: number) => {
      const samples: Samples = { 'round trip': [] };
      for (let index = 0; index < requests; index++) {
        const started = performance.now();
        const response = await fetch(`${stack.url}/api/predict`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'image/png' },
          body: picture(offset + index),
        });
        const answer = (await response.json()) as { modelVersion: string; backend?: string };
        const elapsed = performance.now() - started;
        version = answer.modelVersion;
        usedBackend = answer.backend ?? usedBackend;
        if (index === 0 && offset === 0) continue; // loads the model
        add(samples, serverTiming(response.headers.get('server-timing')));
        samples['round trip']?.push(elapsed);
      }
      return samples;
    };
    const fresh = await predictRun(0);
    const hits = await predictRun(0);

    const contributions: Samples = { 'round trip': [] };
    for (let index = 0; index < requests; index++) {
      const { pixels, label } = mnistImage(1000 + index);
      const hash = createHash('sha256').update(pixels).digest('hex');
      const started = performance.now();
      const response = await fetch(`${stack.url}/api/predictions/${version}/${hash}`, {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ input: Buffer.from(pixels).toString('base64'), digit: label }),
      });
      await response.arrayBuffer();
      contributions['round trip']?.push(performance.now() - started);
      add(contributions, serverTiming(response.headers.get('server-timing')));
    }
    return [
      `backend ${usedBackend} (INFERENCE_BACKEND=${backend}); ms p50/p95 over ${requests - 1}–${requests} requests`,
      line('  predict, fresh 280 px PNG', fresh, ['decode', 'preprocess', 'infer', 'total', 'round trip']),
      line('  predict, shared-cache hit', hits, ['cache', 'total', 'round trip']),
      line('  contribution, fresh input', contributions, ['infer', 'total', 'round trip']),
    ];
  } finally {
    await stack.stop();
  }
}

console.log(
  `Edge inference, wrangler dev (workerd), ${cpus()[0]?.model ?? 'cpu'} x${cpus().length}, load ${loadavg()[0]?.toFixed(2)}`,
);
for (const backend of ['auto', 'cpu'] as const) console.log((await measure(backend)).join('\n'));
console.log(`load after: ${loadavg()[0]?.toFixed(2)}`);
