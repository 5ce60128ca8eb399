import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const fromRoot = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

/**
 * The staff web app. Built into dist/web, which the Fastify server serves under a strict CSP
 * (script-src 'self', style-src 'self'): one CSS file, no inline script, nothing from elsewhere.
 */
export default defineConfig({
  root: fromRoot('./src/web'),
  // Copied as is to the root of dist/web: only the service worker (sw.js), which must live at /.
  publicDir: fromRoot('./src/web/public'),
  plugins: [react()],
  build: {
    outDir: fromRoot('./dist/web'),
    emptyOutDir: true,
    cssCodeSplit: false,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
});
