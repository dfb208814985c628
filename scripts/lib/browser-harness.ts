/**
 * A throwaway page for running TypeScript in Chromium: bundles one entry file with esbuild
 * (ESM, browser, es2022) and serves it, an HTML page that loads it, the wasm binaries of
 * tfjs-backend-wasm and onnxruntime-web (under {@link WASM_PATH}) and any given static files,
 * on a free loopback port, cross-origin isolated (COOP/COEP) like the app.
 *
 * Used by bench:peer and e2e/inference-backends.spec.ts. The entry typically assigns functions
 * to `globalThis` that Playwright then calls with `page.evaluate`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { build } from 'esbuild';

/** Where the page finds the wasm binaries: pass it to `setWasmPaths` and `ort.env.wasm.wasmPaths`. */
export const WASM_PATH = '/wasm/';

export interface HarnessOptions {
  /** The TypeScript (or JavaScript) file bundled as the page's one module script. */
  entry: string;
  /**
   * Extra files by URL path: a path ending in `/` maps to a directory (served below it), any
   * other to one file on disk or to bytes in memory.
   */
  files?: Record<string, string | Uint8Array>;
  /** The page's title. */
  title?: string;
}

export interface Harness {
  /** The page's URL (http://127.0.0.1:PORT/). */
  url: string;
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

const require = createRequire(import.meta.url);

/** The .wasm (and Emscripten .mjs) files both runtimes fetch at start, by file name. */
function wasmFiles(): Map<string, string> {
  const dirs = [
    dirname(require.resolve('@tensorflow/tfjs-backend-wasm')),
    dirname(require.resolve('onnxruntime-web')),
  ];
  const files = new Map<string, string>();
  for (const dir of dirs) {
    for (const name of readdirSync(dir)) {
      if (name.endsWith('.wasm') || (name.startsWith('ort-wasm') && name.endsWith('.mjs')))
        files.set(name, join(dir, name));
    }
  }
  return files;
}

/** Bundles `entry` for the browser; returns the JavaScript. */
export async function bundleForBrowser(entry: string): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced nothing for ${entry}`);
  return output.contents;
}

function page(title: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title}</title><script type="module" src="/bundle.js"></script></head>
<body></body>
</html>
`;
}

/** Bundles the entry and serves the page; close() stops the server. */
export async function startBrowserHarness(options: HarnessOptions): Promise<Harness> {
  const bundle = await bundleForBrowser(options.entry);
  const memory = new Map<string, Uint8Array | string>([
    ['/', new TextEncoder().encode(page(options.title ?? 'harness'))],
    ['/bundle.js', bundle],
  ]);
  for (const [name, path] of wasmFiles()) memory.set(`${WASM_PATH}${name}`, path);
  const directories: [string, string][] = [];
  for (const [urlPath, source] of Object.entries(options.files ?? {})) {
    if (urlPath.endsWith('/') && typeof source === 'string') directories.push([urlPath, resolve(source)]);
    else memory.set(urlPath, source);
  }

  const send = (response: ServerResponse, status: number, body: Uint8Array | string, type: string) => {
    response.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
      'cross-origin-resource-policy': 'same-origin',
    });
    response.end(body);
  };

  /** The file behind a URL path: bytes, or a path on disk (inside its directory only). */
  const lookup = (urlPath: string): { body: Uint8Array | string; type: string } | undefined => {
    const type = contentTypes[extname(urlPath)] ?? (urlPath === '/' ? contentTypes['.html'] : undefined);
    const fallback = 'application/octet-stream';
    const entry = memory.get(urlPath);
    if (entry instanceof Uint8Array) return { body: entry, type: type ?? fallback };
    if (typeof entry === 'string') return { body: readFileSync(entry), type: type ?? fallback };
    for (const [prefix, dir] of directories) {
      if (!urlPath.startsWith(prefix)) continue;
      const file = resolve(dir, `.${sep}${urlPath.slice(prefix.length)}`);
      if (!file.startsWith(dir + sep)) return undefined;
      try {
        if (statSync(file).isFile()) return { body: readFileSync(file), type: type ?? fallback };
      } catch {
        return undefined;
      }
    }
    return undefined;
  };

  const server = createServer((request, response) => {
    let urlPath: string;
    try {
      urlPath = decodeURIComponent(new URL(request.url ?? '/', 'http://harness').pathname);
    } catch {
      send(response, 400, 'bad path', 'text/plain');
      return;
    }
    const found = request.method === 'GET' || request.method === 'HEAD' ? lookup(urlPath) : undefined;
    if (found) send(response, 200, found.body, found.type);
    else send(response, 404, `not found: ${urlPath}`, 'text/plain');
  });
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolvePromise());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolvePromise) => {
        server.closeAllConnections();
        server.close(() => resolvePromise());
      }),
  };
}
