import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { da } from './src/texts.da.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** index.html's title comes from the dictionary too (the pages set their own once running). */
const titleFromDictionary: Plugin = {
  name: 'ltt-title',
  transformIndexHtml: (html) => html.replace('%APP_TITLE%', da.app.title),
};

/**
 * The web front, built into web/dist and served by the service (src/web/web.module.ts).
 * JSX is compiled by Vite's own Oxc transform (React's automatic runtime); there is no dev
 * server in the normal workflow: `npm start` builds and the service serves.
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: false,
  plugins: [titleFromDictionary],
  resolve: {
    alias: {
      // dkfds' package "exports" names only its JavaScript; its stylesheet is reached by path.
      'dkfds/neutral.css': here('../node_modules/dkfds/dist/css/dkfds.min.css'),
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // The budget of issue 10: first-page JavaScript under 300 KB gzip (scripts/bench-web.ts measures it).
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      // The plugin-timing note appears when the machine is busy; it is advice, not a problem.
      checks: { pluginTimings: false },
      onwarn(warning, warn) {
        // React Server Components markers ('use client') in TanStack's builds mean nothing here.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});
