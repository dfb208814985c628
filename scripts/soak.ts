/**
 * `npm run soak`: a bounded load-and-fault run against a stack of its own on loopback. Virtual
 * users (50) register, then for 60 s sign in, refresh, fetch the model, predict and use the shared
 * cache, each with a short think time; in the middle redis-server is paused (SIGSTOP) for 5 s.
 * Prints requests, status counts per route and p50/p95, and checks:
 *   1. every answer has a status documented for its route (docs/api.md);
 *   2. 503s come only from requests that overlapped the pause;
 *   3. full service within 2 s after it: no request that started 2 s after the pause failed.
 * Exits non-zero when a check fails. Flags: --users 50 --seconds 60 --pause-at 25 --pause-for 5
 * --no-build (reuse apps/web/dist).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadMnist } from '@cifra/model';
import { freePort } from '@cifra/upstash-local';
import { PNG } from 'pngjs';
import { run } from './lib/child-process.ts';
import { repoRoot, startStack } from './lib/stack.ts';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '60' },
    'pause-at': { type: 'string', default: '25' },
    'pause-for': { type: 'string', default: '5' },
    'no-build': { type: 'boolean', default: false },
  },
});
const users = Number(values.users);
const durationMs = Number(values.seconds) * 1000;
const pauseAtMs = Number(values['pause-at']) * 1000;
const pauseForMs = Number(values['pause-for']) * 1000;
const recoveryMs = 2_000;

/** Statuses each route may answer with (docs/api.md), the limits left as they are. */
const documented: Record<string, number[]> = {
  register: [201, 429, 503],
  login: [200, 401, 429, 503],
  refresh: [200, 401, 429, 503],
  model: [200, 429, 503],
  'model-file': [200, 403],
  predict: [200, 429, 503],
  'cache-get': [200, 404, 429],
  'cache-put': [200, 201, 202, 409, 429],
};

interface Sample {
  route: string;
  status: number;
  start: number;
  end: number;
  /**
   * Whether the Worker answered (every answer of the edge has `X-Request-Id`). Without it the
   * answer came from `wrangler dev`'s local proxy in front of workerd — no part of a deployment.
   */
  fromWorker: boolean;
  /** The start of the body of an answer the Worker did not give. */
  body?: string;
}

const samples: Sample[] = [];
let origin = '';

async function request(route: string, path: string, init: RequestInit = {}): Promise<Response | undefined> {
  const start = Date.now();
  let status = 0;
  let fromWorker = false;
  let body: string | undefined;
  try {
    const response = await fetch(`${origin}${path}`, { ...init, signal: AbortSignal.timeout(30_000) });
    status = response.status;
    fromWorker = response.headers.has('x-request-id');
    if (!fromWorker) body = (await response.clone().text()).slice(0, 120);
    return response;
  } catch {
    return undefined;
  } finally {
    samples.push({ route, status, start, end: Date.now(), fromWorker, ...(body ? { body } : {}) });
  }
}

const mnist = loadMnist('test');
const digits = Array.from({ length: 20 }, (_, index) => ({
  pixels: mnist.images.subarray(index * 784, (index + 1) * 784),
  label: mnist.labels[index] ?? 0,
}));
/** The digits as PNGs, dark ink on light paper at 4x, like a scan. */
const pngs = digits.map(({ pixels }) => {
  const image = new PNG({ width: 112, height: 112 });
  for (let y = 0; y < 112; y++)
    for (let x = 0; x < 112; x++) {
      const value = 255 - (pixels[Math.floor(y / 4) * 28 + Math.floor(x / 4)] ?? 0);
      image.data.set([value, value, value, 255], (y * 112 + x) * 4);
    }
  return PNG.sync.write(image);
});

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const cookieOf = (response: Response) =>
  /cifra_refresh=([^;]*)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** One virtual user: registers, then cycles through what the app and API clients do. */
async function virtualUser(index: number, until: number, modelVersion: () => string): Promise<void> {
  const username = `soak-${index}-${randomBytes(4).toString('hex')}`;
  const password = `soak password ${randomBytes(6).toString('hex')}`;
  let token = '';
  let cookie = '';
  const signIn = async (route: 'register' | 'login') => {
    const response = await request(route, `/api/auth/${route}`, json({ username, password }));
    if (response?.ok) {
      token = ((await response.json()) as { accessToken: string }).accessToken;
      cookie = cookieOf(response) ?? cookie;
    } else await response?.body?.cancel();
  };
  // Spread the registrations over the first seconds, as real sign-ups would be.
  await sleep(Math.random() * 3_000);
  while (!token && Date.now() < until) {
    await signIn('register');
    if (!token) await sleep(500);
  }
  const auth = () => ({ authorization: `Bearer ${token}` });
  for (let step = 0; Date.now() < until; step++) {
    const digit = digits[(index + step) % digits.length] ?? digits[0];
    const png = pngs[(index + step) % pngs.length] ?? pngs[0];
    if (!digit || !png) break;
    const hash = createHash('sha256').update(digit.pixels).digest('hex');
    switch (step % 6) {
      case 0: {
        if (step % 24 === 0) await signIn('login');
        else {
          const response = await request('refresh', '/api/auth/refresh', {
            method: 'POST',
            headers: { cookie: `cifra_refresh=${cookie}` },
          });
          if (response?.ok) {
            token = ((await response.json()) as { accessToken: string }).accessToken;
            cookie = cookieOf(response) ?? cookie;
          } else {
            await response?.body?.cancel();
            // Signed out (or refused): sign in again, like the app would.
            if (response?.status === 401) await signIn('login');
          }
        }
        break;
      }
      case 1: {
        const response = await request('model', '/api/model', { headers: auth() });
        if (response?.ok) {
          const body = (await response.json()) as { files: { url: string }[] };
          const file = body.files[step % body.files.length];
          if (file) await (await request('model-file', file.url))?.arrayBuffer();
        } else await response?.body?.cancel();
        break;
      }
      case 2: {
        const form = new FormData();
        form.append('file', new Blob([png], { type: 'image/png' }), 'digit.png');
        await (
          await request('predict', '/api/predict', { method: 'POST', headers: auth(), body: form })
        )?.text();
        break;
      }
      case 3:
      case 5: {
        const path = `/api/predictions/${modelVersion()}/${hash}`;
        await (await request('cache-get', path, { headers: auth() }))?.text();
        break;
      }
      case 4: {
        const path = `/api/predictions/${modelVersion()}/${hash}`;
        const body = { input: Buffer.from(digit.pixels).toString('base64'), digit: digit.label };
        await (
          await request('cache-put', path, {
            ...json(body),
            method: 'PUT',
            headers: { ...auth(), 'content-type': 'application/json' },
          })
        )?.text();
        break;
      }
    }
    await sleep(250 + Math.random() * 500);
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
  if (!values['no-build'] || !existsSync(resolve(repoRoot, 'apps/web/dist/index.html'))) {
    console.log('Building the web app…');
    await run('npm', ['run', 'build', '--silent', '-w', '@cifra/web'], { cwd: repoRoot });
  }
  const loose = '1000000/1 m';
  const stack = await startStack({
    port: await freePort(),
    // Every request comes from 127.0.0.1: per-IP limits would measure themselves, not the edge.
    vars: [
      `LIMIT_REGISTER_PER_IP:${loose}`,
      `LIMIT_LOGIN_PER_IP:${loose}`,
      `LIMIT_LOGIN_PER_IP_HOUR:${loose}`,
      `LIMIT_REFRESH_PER_IP:${loose}`,
      `LIMIT_PREDICT_PER_USER:${loose}`,
      `LIMIT_PREDICT_PER_IP_HOUR:${loose}`,
      `LIMIT_PREDICT_PER_IP_DAY:${loose}`,
      `LIMIT_MODEL_PER_USER:${loose}`,
      `LIMIT_CACHE_READS_PER_USER:${loose}`,
      `LIMIT_CACHE_WRITES_PER_USER:${loose}`,
      `LIMIT_CACHE_WRITES_PER_USER_DAY:${loose}`,
    ],
    log: () => {},
  });
  let failed: boolean;
  try {
    const { redisPid } = stack;
    if (redisPid === undefined)
      throw new Error('the soak needs the local redis-server (unset UPSTASH_REDIS_REST_URL)');
    origin = stack.url;
    // The model version the edge serves, as any client learns it.
    const probe = await fetch(`${origin}/api/auth/login`, {
      ...json({ username: stack.demo?.username, password: stack.demo?.password }),
    });
    const { accessToken } = (await probe.json()) as { accessToken: string };
    const signed = await fetch(`${origin}/api/model`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const current = (await signed.json()) as { manifest: { version: string } };
    const started = Date.now();
    const until = started + durationMs;
    console.log(
      `Soak: ${users} users for ${durationMs / 1000} s against ${origin}; Redis paused at ${pauseAtMs / 1000} s for ${pauseForMs / 1000} s.`,
    );
    let pause = { from: 0, to: 0 };
    const fault = (async () => {
      await sleep(pauseAtMs);
      pause.from = Date.now();
      process.kill(redisPid, 'SIGSTOP');
      await sleep(pauseForMs);
      process.kill(redisPid, 'SIGCONT');
      pause = { ...pause, to: Date.now() };
    })();
    await Promise.all([
      fault,
      ...Array.from({ length: users }, (_, index) =>
        virtualUser(index, until, () => current.manifest.version),
      ),
    ]);
    failed = report(started, pause);
  } finally {
    await stack.stop();
  }
  process.exit(failed ? 1 : 0);
}

/** Prints the figures and runs the three checks; true when one failed. */
function report(started: number, pause: { from: number; to: number }): boolean {
  const routes = Object.keys(documented);
  console.log('\nroute        requests  statuses                          p50 ms  p95 ms');
  for (const route of routes) {
    const mine = samples.filter((sample) => sample.route === route);
    const counts = new Map<number, number>();
    for (const { status } of mine) counts.set(status, (counts.get(status) ?? 0) + 1);
    const times = mine.map(({ start, end }) => end - start).sort((a, b) => a - b);
    const statuses = [...counts]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${count}`)
      .join(' ');
    console.log(
      `${route.padEnd(12)} ${String(mine.length).padStart(8)}  ${statuses.padEnd(32)} ${String(percentile(times, 50)).padStart(6)}  ${String(percentile(times, 95)).padStart(6)}`,
    );
  }
  const all = samples.map(({ start, end }) => end - start).sort((a, b) => a - b);
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `all          ${String(samples.length).padStart(8)}  ${(samples.length / seconds).toFixed(0)} req/s${' '.repeat(23)}${String(percentile(all, 50)).padStart(6)}  ${String(percentile(all, 95)).padStart(6)}`,
  );

  // What the local dev proxy answered itself is shown, not counted against the edge; a request
  // that got no answer at all (status 0) is counted.
  const proxied = samples.filter((sample) => sample.status !== 0 && !sample.fromWorker);
  if (proxied.length > 0) {
    const [first] = proxied;
    console.log(
      `\n${proxied.length} answer(s) came from wrangler dev's proxy, not the Worker (no X-Request-Id), ` +
        `e.g. ${first?.route} ${first?.status} ${JSON.stringify(first?.body)}`,
    );
  }
  const edge = samples.filter((sample) => sample.status === 0 || sample.fromWorker);
  const undocumented = edge.filter((sample) => !documented[sample.route]?.includes(sample.status));
  const overlaps = (sample: Sample) => sample.end >= pause.from && sample.start <= pause.to;
  const stray503 = edge.filter((sample) => sample.status === 503 && !overlaps(sample));
  const lateFailures = edge.filter(
    (sample) => sample.start >= pause.to + recoveryMs && (sample.status === 503 || sample.status === 0),
  );
  const during = edge.filter(overlaps);
  const lastFailure = Math.max(
    pause.to,
    ...edge
      .filter((sample) => sample.status === 503 && sample.start >= pause.from)
      .map((sample) => sample.end),
  );
  console.log(
    `\nPause: ${during.length} requests overlapped it, ${during.filter((sample) => sample.status === 503).length} answered 503; ` +
      `last 503 ended ${((lastFailure - pause.to) / 1000).toFixed(2)} s after Redis resumed.`,
  );
  const checks: [string, Sample[]][] = [
    ['only documented statuses', undocumented],
    ['503s only during the pause', stray503],
    [`full service ${recoveryMs / 1000} s after the pause`, lateFailures],
  ];
  let failed = false;
  for (const [name, offenders] of checks) {
    const ok = offenders.length === 0;
    failed ||= !ok;
    const example = offenders[0];
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} ${name}${ok || !example ? '' : ` — ${offenders.length}, e.g. ${example.route} ${example.status} at ${((example.start - started) / 1000).toFixed(1)} s`}`,
    );
  }
  return failed;
}

main().catch((error: unknown) => {
  console.error('Soak failed to run:', error instanceof Error ? error.message : error);
  process.exit(1);
});
