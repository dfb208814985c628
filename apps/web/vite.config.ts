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
 * public/model) is copied next to the app; the Worker serves it only behind signed URLs.
 */
function edgeAssets(): Plugin {
  return {
    name: 'cifra-edge-assets',
    apply: 'build',
    async closeBundle() {
      const outDir = resolve(import.meta.dirname, 'dist');
      const lines = Object.entries(securityHeaders).map(([name, value]) => `  ${name}: ${value}`);
      await writeFile(resolve(outDir, '_headers'), `/*\n${lines.join('\n')}\n`);
      await cp(resolve(repoRoot, 'public/model'), resolve(outDir, 'model'), { recursive: true });
    },
  };
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
      injectManifest: {
        // The app shell, the inference worker and tfjs's .wasm files; never the model (own cache).
        globPatterns: ['**/*.{js,css,html,svg,png,wasm,webmanifest}'],
        globIgnores: ['model/**', '**/*.map'],
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
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  server: {
    // `vite dev` against a running `npm start` stack, for fast UI work.
    proxy: { '/api': 'http://127.0.0.1:8787', '/model': 'http://127.0.0.1:8787' },
  },
});
