// electron-vite: the desktop shell's main entry, its sandboxed preload (CommonJS, the only format a
// sandboxed preload may have, with everything it imports bundled in) and the renderer, built by the
// renderer's own Vite config into dist/renderer, the same files `jessica serve` serves.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import { mergeConfig } from 'vite';
import renderer from './renderer/vite.config.ts';

export default defineConfig({
  main: {
    build: {
      outDir: 'dist/electron/main',
      lib: { entry: 'electron/main.ts', formats: ['es'], fileName: () => 'main.js' },
    },
  },
  preload: {
    build: {
      outDir: 'dist/electron/preload',
      externalizeDeps: false,
      lib: { entry: 'electron/preload.ts', formats: ['cjs'], fileName: () => 'preload.cjs' },
    },
  },
  renderer: mergeConfig(renderer, {
    build: { rolldownOptions: { input: fileURLToPath(new URL('./renderer/index.html', import.meta.url)) } },
  }),
});
