import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/** Checks the production build (npm test builds before the unit suite). */
const dist = resolve(import.meta.dirname, '../dist');
const assets = resolve(dist, 'assets');
/** Strings every tfjs build carries: its kernel and backend registries and flags. */
const tfjsSignature = /registerKernel|registerBackend|WEBGPU_CPU_HANDOFF_SIZE_THRESHOLD|WEBGL_VERSION/;
/** Budgets of issue #11 (KiB of gzip). */
const firstScreenBudgetKiB = 90;
const workerFirstChunkBudgetKiB = 200;

const kib = (bytes: number) => bytes / 1024;
const gzip = (file: string) => gzipSync(readFileSync(resolve(assets, file))).length;

/** A chunk and every chunk it imports statically (what must arrive before it runs). */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(resolve(assets, file), 'utf8');
  for (const [, imported] of code.matchAll(
    /(?:^|[;}\s])import\s*(?:[^'"()]*?from\s*)?["']\.\/([^"']+\.js)["']/g,
  ))
    staticClosure(imported as string, seen);
  return seen;
}

describe('production build', () => {
  if (!existsSync(dist))
    throw new Error('apps/web/dist is missing: run `npm run build` first (npm test does).');
  const html = readFileSync(resolve(dist, 'index.html'), 'utf8');
  const entry = /<script type="module" crossorigin src="\/assets\/([^"]+)"/.exec(html)?.[1];
  const files = readdirSync(assets);
  const scripts = files.filter((file) => file.endsWith('.js'));
  const workerEntries = scripts.filter((file) => file.startsWith('inference-worker-'));
  const workerChunks = [...staticClosure(workerEntries[0] ?? '')];
  const precached = [
    ...readFileSync(resolve(dist, 'service-worker.js'), 'utf8').matchAll(/"url":"([^"]+)"/g),
  ].map(([, url]) => url as string);

  it('keeps tfjs out of every main-thread chunk', () => {
    expect(entry).toBeDefined();
    expect(workerEntries).toHaveLength(1);
    const mainThread = [...staticClosure(entry ?? '')];
    for (const file of mainThread) {
      const code = readFileSync(resolve(assets, file), 'utf8');
      // Only the match is reported, never the whole minified chunk.
      expect(tfjsSignature.exec(code)?.[0] ?? null, file).toBeNull();
    }
    // tfjs is in the worker's first chunk (its entry, or a chunk the entry imports statically:
    // the lazily loaded teaching code shares tfjs-core with it).
    expect(workerChunks.some((file) => tfjsSignature.test(readFileSync(resolve(assets, file), 'utf8')))).toBe(
      true,
    );
  });

  it(`keeps the first screen within ${firstScreenBudgetKiB} KiB and the worker's first chunk within ${workerFirstChunkBudgetKiB} KiB (gzip)`, () => {
    // The stylesheets index.html links; a lazy view's own CSS loads with that view.
    const css = [...html.matchAll(/<link rel="stylesheet"[^>]* href="\/assets\/([^"]+\.css)"/g)].map(
      ([, file]) => file as string,
    );
    expect(css.length).toBeGreaterThan(0);
    const firstScreen =
      [...staticClosure(entry ?? '')].reduce((sum, file) => sum + gzip(file), 0) +
      css.reduce((sum, file) => sum + gzip(file), 0) +
      gzipSync(html).length;
    const worker = workerChunks.reduce((sum, file) => sum + gzip(file), 0);
    console.log(
      `first screen ${kib(firstScreen).toFixed(1)} KiB gzip; inference worker first chunk ${kib(worker).toFixed(1)} KiB gzip (${workerChunks.join(', ')})`,
    );
    expect(kib(firstScreen)).toBeLessThanOrEqual(firstScreenBudgetKiB);
    expect(kib(worker)).toBeLessThanOrEqual(workerFirstChunkBudgetKiB);
  });

  it('loads each backend when first used: the first chunk holds tfjs-core and WASM, the others come later', () => {
    // Every kernel a backend registers names its backend: `{kernelName, backendName: "webgl", …}`.
    // A backend brings 100–170 of them; a stray shared helper may carry one or two.
    const kernelCount = (code: string, backend: string) =>
      [...code.matchAll(/backendName:\s*[`'"](\w+)[`'"]/g)].filter(([, name]) => name === backend).length;
    const kernelsOf = (code: string) =>
      new Set(['wasm', 'webgl', 'webgpu', 'cpu'].filter((backend) => kernelCount(code, backend) > 20));
    const read = (file: string) => readFileSync(resolve(assets, file), 'utf8');
    expect([...kernelsOf(workerChunks.map(read).join('\n'))]).toEqual(['wasm']);
    for (const [prefix, backend] of [
      ['lazy-backend-webgl-', 'webgl'],
      ['lazy-backend-webgpu-', 'webgpu'],
      ['lazy-backend-cpu-', 'cpu'],
    ] as const) {
      const chunks = scripts.filter((file) => file.startsWith(prefix));
      expect(chunks, backend).toHaveLength(1);
      expect(kernelsOf(read(chunks[0] ?? '')).has(backend), backend).toBe(true);
    }
  });

  it('precaches each file once, the SIMD .wasm only, and no backend but WASM', () => {
    expect(precached.length).toBeGreaterThan(5);
    expect(new Set(precached).size).toBe(precached.length);
    const wasm = precached.filter((url) => url.endsWith('.wasm'));
    expect(wasm).toHaveLength(1);
    expect(wasm[0]).toMatch(/^assets\/tfjs-backend-wasm-simd-[^/]+\.wasm$/);
    expect(precached.filter((url) => url.includes('lazy-'))).toEqual([]);
    for (const file of workerChunks) expect(precached).toContain(`assets/${file}`);
    expect(precached).toContain('manifest.webmanifest');
    expect(precached).toContain('index.html');
  });
});
