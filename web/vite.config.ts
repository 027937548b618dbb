import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { DOCUMENT_CSP_DIRECTIVES } from '../src/server/security.js';

const here = fileURLToPath(new URL('.', import.meta.url));

// The tutorloop server serves dist/web at `/` with an SPA fallback, so there is no dev server in production.
// Development: `npx vite --config web/vite.config.ts` proxies /api to `tutorloop serve` on :3000, started
// with `--allow-origin http://localhost:5173` so the server's same-origin check lets the dev page change state.
// Defence in depth for untrusted task text: in the built app only our own scripts may run (no inline
// script, no eval). Styles may be inline because KaTeX and ECharts set style attributes.
const CSP = DOCUMENT_CSP_DIRECTIVES.join('; ');

const csp: Plugin = {
  name: 'tutorloop-csp',
  apply: 'build',
  transformIndexHtml: (html) =>
    html.replace(
      '<meta charset="UTF-8" />',
      `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`,
    ),
};

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react(), csp],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    chunkSizeWarningLimit: 900,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
