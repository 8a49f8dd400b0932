import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export interface RendererSources {
  /** the renderer's Vite config; its build.outDir is what the server serves */
  configFile: string;
  /** folders whose files end up in the bundle: a change in any of them calls for a new build */
  folders: string[];
}

/** Tests, node_modules and dot-folders are not part of the bundle, so they never make it stale. */
function bundled(name: string): boolean {
  return !name.startsWith('.') && name !== 'node_modules' && !/\.test\.[cm]?[jt]sx?$/.test(name);
}

/** The modification time (ms) of the newest file among `paths` (files, or folders searched through). */
export function newestSourceTime(paths: string[]): number {
  let newest = 0;
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!bundled(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile()) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const p of paths) {
    if (!existsSync(p)) continue;
    if (statSync(p).isDirectory()) visit(p);
    else newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Why the built renderer in `outDir` cannot be served as it is, or undefined when it can. */
export function staleReason(outDir: string, sources: string[]): string | undefined {
  const index = path.join(outDir, 'index.html');
  if (!existsSync(index)) return `${outDir} has no build yet`;
  return newestSourceTime(sources) > statSync(index).mtimeMs ? 'the renderer sources changed since the last build' : undefined;
}

/**
 * The built renderer's folder, building it first with Vite when it is missing or older than its
 * sources (saying so on stderr, since a build takes a while). Vite is loaded only then: serving an
 * existing build needs none of the build tools.
 */
export async function builtRenderer(sources: RendererSources, log: (line: string) => void): Promise<string> {
  if (!existsSync(sources.configFile)) {
    throw new Error(`${sources.configFile} is missing: this checkout has no browser app to serve`);
  }
  const vite = await import('vite');
  const config = await vite.resolveConfig({ configFile: sources.configFile, logLevel: 'silent' }, 'build');
  const outDir = path.resolve(config.root, config.build.outDir);
  const reason = staleReason(outDir, [...sources.folders, sources.configFile]);
  if (reason !== undefined) {
    log(`building the app with Vite (${reason})…`);
    await vite.build({ configFile: sources.configFile, logLevel: 'warn' });
  }
  return outDir;
}
