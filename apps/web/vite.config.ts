import { cp, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { securityHeaders } from '@cifra/contracts';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const repoRoot = resolve(import.meta.dirname, '../..');

/**
 * Static assets bypass the Worker, so their headers come from the assets' `_headers` file:
 * written here from the same policy the Worker applies. The trained model (repo-root
 * public/model) is copied next to the app; the Worker serves it only behind signed URLs. The
 * built-in digits of personal fine-tuning (public/personal) are copied too, served as they are.
 */
function edgeAssets(): Plugin {
  return {
    name: 'cifra-edge-assets',
    apply: 'build',
    async closeBundle() {
      const outDir = resolve(import.meta.dirname, 'dist');
      const lines = Object.entries(securityHeaders).map(([name, value]) => `  ${name}: ${value}`);
      // Hashed file names never change content: browsers may keep them without asking again
      // (a revalidation is one more round trip per file on a slow link).
      const immutable = '/assets/*\n  Cache-Control: public, max-age=31536000, immutable\n';
      await writeFile(resolve(outDir, '_headers'), `/*\n${lines.join('\n')}\n${immutable}`);
      await cp(resolve(repoRoot, 'public/model'), resolve(outDir, 'model'), { recursive: true });
      // Public MNIST digits personal fine-tuning trains beside: a plain static file.
      await cp(resolve(repoRoot, 'public/personal'), resolve(outDir, 'personal'), { recursive: true });
    },
  };
}

/** Worker chunks and assets fetched only when a device first needs them (not precached). */
const lazyAssetPrefix = 'lazy-';
const lazyBackends = ['webgl', 'webgpu', 'cpu'];

const backendOf = (id: string | null | undefined) =>
  /\/@tensorflow\/tfjs-backend-(\w+)\//.exec(id ?? '')?.[1];

/**
 * Each optional backend's chunk gets a name the precache leaves out (the small helper chunks
 * they share with tfjs-core, 26 KiB gzip, are still precached). WASM is in the worker's own
 * chunk.
 */
function workerChunkName(chunk: { facadeModuleId: string | null }): string {
  const backend = backendOf(chunk.facadeModuleId);
  if (backend && lazyBackends.includes(backend))
    return `assets/${lazyAssetPrefix}backend-${backend}-[hash].js`;
  return 'assets/[name]-[hash].js';
}

/** tfjs's plain and threaded .wasm builds: only SIMD single-thread is precached. */
function workerAssetName(asset: { names?: string[] }): string {
  const name = asset.names?.[0] ?? '';
  const lazy = name === 'tfjs-backend-wasm.wasm' || name === 'tfjs-backend-wasm-threaded-simd.wasm';
  return `assets/${lazy ? lazyAssetPrefix : ''}[name]-[hash][extname]`;
}

export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'service-worker.ts',
      registerType: 'prompt',
      injectRegister: false,
      // The manifest's icons are found by the glob below: listing them again would duplicate them.
      includeManifestIcons: false,
      injectManifest: {
        // The app shell, the inference worker with tfjs-core and its WASM backend, and the one
        // .wasm build every current browser runs (SIMD, single thread). Never the model (own
        // cache), nor code a device may never use: the other backends' chunks and the plain and
        // threaded .wasm builds are cached by the service worker when first fetched.
        // manifest.webmanifest is added by the plugin itself.
        globPatterns: ['**/*.{js,css,html,svg,png,wasm}'],
        globIgnores: ['model/**', '**/*.map', `assets/${lazyAssetPrefix}*`],
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
      },
      manifest: {
        name: 'Cifra — handwritten digits',
        short_name: 'Cifra',
        description: 'Recognises handwritten digits on your own device, also offline.',
        lang: 'en',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#0f766e',
        background_color: '#f8fafc',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      devOptions: { enabled: false },
    }),
    edgeAssets(),
  ],
  worker: {
    format: 'es',
    rolldownOptions: { output: { chunkFileNames: workerChunkName, assetFileNames: workerAssetName } },
  },
  build: { target: 'es2022', sourcemap: true },
  server: {
    // `vite dev` against a running `npm start` stack, for fast UI work.
    proxy: { '/api': 'http://127.0.0.1:8787', '/model': 'http://127.0.0.1:8787' },
  },
});
