import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/** Checks the production build (npm test builds before the unit suite). */
const dist = resolve(import.meta.dirname, '../dist');
const assets = resolve(dist, 'assets');
/** Strings every tfjs build carries: its kernel and backend registries and flags. */
const tfjsSignature = /registerKernel|registerBackend|WEBGPU_CPU_HANDOFF_SIZE_THRESHOLD|WEBGL_VERSION/;

describe('production build', () => {
  if (!existsSync(dist))
    throw new Error('apps/web/dist is missing: run `npm run build` first (npm test does).');
  const html = readFileSync(resolve(dist, 'index.html'), 'utf8');
  const entry = /<script type="module" crossorigin src="\/assets\/([^"]+)"/.exec(html)?.[1];
  const scripts = readdirSync(assets).filter((file) => file.endsWith('.js'));
  const workerChunks = scripts.filter((file) => file.startsWith('inference-worker-'));
  const mainThread = scripts.filter((file) => !workerChunks.includes(file));

  it('keeps tfjs out of every main-thread chunk', () => {
    expect(entry).toBeDefined();
    expect(workerChunks).toHaveLength(1);
    for (const file of mainThread) {
      const code = readFileSync(resolve(assets, file), 'utf8');
      // Only the match is reported, never the whole minified chunk.
      expect(tfjsSignature.exec(code)?.[0] ?? null, file).toBeNull();
    }
    expect(tfjsSignature.test(readFileSync(resolve(assets, workerChunks[0] ?? ''), 'utf8'))).toBe(true);
  });

  it('reports the first screen and the worker chunk sizes (gzip)', () => {
    const gzip = (file: string) => gzipSync(readFileSync(resolve(assets, file))).length;
    const css = readdirSync(assets).filter((file) => file.endsWith('.css'));
    const firstScreen =
      gzip(entry ?? '') + css.reduce((sum, file) => sum + gzip(file), 0) + gzipSync(html).length;
    const worker = gzip(workerChunks[0] ?? '');
    console.log(
      `first screen ${(firstScreen / 1024).toFixed(1)} KiB gzip; inference worker ${(worker / 1024).toFixed(1)} KiB gzip`,
    );
    // The first screen must stay far below the worker: that is the point of the split.
    expect(firstScreen).toBeLessThan(worker / 3);
  });
});
