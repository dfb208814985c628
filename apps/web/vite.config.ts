import { cp, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { securityHeaders } from '@cifra/contracts';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

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
  plugins: [react(), edgeAssets()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  server: {
    // `vite dev` against a running `npm start` stack, for fast UI work.
    proxy: { '/api': 'http://127.0.0.1:8787', '/model': 'http://127.0.0.1:8787' },
  },
});
