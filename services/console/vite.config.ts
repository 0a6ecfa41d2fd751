import { fileURLToPath, URL } from 'node:url';

import vue from '@vitejs/plugin-vue';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import Components from 'unplugin-vue-components/vite';
import { defineConfig } from 'vite';

/**
 * The console imports the task forms from libs/contracts: the form a page shows and checks is the
 * very definition the API and the case's Update validator check (one definition, not two).
 * Element Plus is imported per component, so that a page loads only what it shows.
 */
export default defineConfig({
  plugins: [vue(), Components({ resolvers: [ElementPlusResolver()], dts: false })],
  resolve: {
    alias: { '@contracts': fileURLToPath(new URL('../../libs/contracts/src', import.meta.url)) },
  },
  // The manifest tells the bench which chunks a first visit loads.
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 700, manifest: true },
  server: {
    // `npm run dev -w @fanpin/console`: hot reload against the API of `npm start`.
    proxy: { '/v1': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' },
  },
});
