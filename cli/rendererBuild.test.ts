import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtRenderer, staleReason } from './rendererBuild.ts';

/** A renderer in miniature: a Vite project whose build lands in its own out/ folder. */
let project: string;
let sources: { configFile: string; folders: string[] };
const log: string[] = [];

beforeAll(() => {
  project = mkdtempSync(path.join(os.tmpdir(), 'jessica-renderer-build-'));
  mkdirSync(path.join(project, 'src'));
  writeFileSync(path.join(project, 'index.html'), '<!doctype html><html><body><script type="module" src="./src/main.js"></script></body></html>');
  writeFileSync(path.join(project, 'src/main.js'), 'document.body.textContent = "first";\n');
  writeFileSync(
    path.join(project, 'vite.config.mjs'),
    "import { fileURLToPath } from 'node:url';\nexport default { root: fileURLToPath(new URL('.', import.meta.url)), base: './', build: { outDir: 'out', emptyOutDir: true } };\n",
  );
  sources = { configFile: path.join(project, 'vite.config.mjs'), folders: [path.join(project, 'src'), path.join(project, 'index.html')] };
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

const bundle = () => {
  const assets = path.join(project, 'out/assets');
  return readdirSync(assets).map((f) => readFileSync(path.join(assets, f), 'utf8')).join('\n');
};

describe('builtRenderer', () => {
  it('builds with Vite when there is no build, and says so', async () => {
    const outDir = await builtRenderer(sources, (line) => log.push(line));
    expect(outDir).toBe(path.join(project, 'out'));
    expect(existsSync(path.join(outDir, 'index.html'))).toBe(true);
    expect(bundle()).toContain('first');
    expect(log).toEqual([`building the app with Vite (${outDir} has no build yet)…`]);
  });

  it('serves a fresh build as it is', async () => {
    const before = statSync(path.join(project, 'out/index.html')).mtimeMs;
    log.length = 0;
    await builtRenderer(sources, (line) => log.push(line));
    expect(log).toEqual([]);
    expect(statSync(path.join(project, 'out/index.html')).mtimeMs).toBe(before);
  });

  it('rebuilds when a source is newer than the build; test files do not count', async () => {
    const index = path.join(project, 'out/index.html');
    const past = new Date(statSync(index).mtimeMs - 60_000);
    writeFileSync(path.join(project, 'src/main.test.js'), '// a test, not part of the bundle\n');
    utimesSync(index, past, past);
    utimesSync(path.join(project, 'src/main.js'), past, past);
    utimesSync(path.join(project, 'index.html'), past, past);
    utimesSync(sources.configFile, past, past);
    expect(staleReason(path.join(project, 'out'), [...sources.folders, sources.configFile])).toBeUndefined();

    writeFileSync(path.join(project, 'src/main.js'), 'document.body.textContent = "second";\n');
    log.length = 0;
    await builtRenderer(sources, (line) => log.push(line));
    expect(log).toEqual(['building the app with Vite (the renderer sources changed since the last build)…']);
    expect(bundle()).toContain('second');
  });

  it('fails with a clear message where there is no renderer config', async () => {
    const missing = { configFile: path.join(project, 'nowhere/vite.config.ts'), folders: [] };
    await expect(builtRenderer(missing, () => undefined)).rejects.toThrow(`${missing.configFile} is missing: this checkout has no browser app to serve`);
  });
});
