import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SolverAvailability } from '../../../api/solvers.ts';
import { declaredFeatures } from '../solverFeatures.ts';
import { probeSafely } from '../solverProbe.ts';
import { HIGHS_ABILITIES, HIGHS_CLASSES } from './highsCapabilities.ts';
import { highsWasmPath, loadHighsRuntime } from './highsRuntime.ts';

/**
 * HiGHS as Jessica runs it: the `highs` npm package (WebAssembly, MIT licence), found where Node resolves it.
 * Its version is the package's and the HiGHS library's inside it, which the solves report: "1.15.3 (HiGHS 1.15.1)".
 * It is available when its WebAssembly loads, which the probe does once per process.
 */
export function probeHighs(): Promise<SolverAvailability> {
  const identity = { id: 'highs', name: 'HiGHS', features: declaredFeatures(HIGHS_CLASSES, HIGHS_ABILITIES) } as const;
  return probeSafely(identity, async () => {
    const base = { ...identity, licence: { state: 'not-needed' as const, words: 'open source (MIT licence): no licence key needed' } };
    let pkg: { dir: string; version: string };
    try {
      pkg = highsPackage();
    } catch (e) {
      const reason = `the highs npm package is not installed (${describe(e)}): run npm ci in Jessica's folder`;
      return { ...base, available: false, version: null, path: null, reason };
    }
    try {
      const library = await highsLibraryVersion();
      return { ...base, available: true, version: `${pkg.version} (HiGHS ${library})`, path: pkg.dir, reason: null };
    } catch (e) {
      const reason = `HiGHS's WebAssembly in ${pkg.dir} did not load (${describe(e)}): reinstall the highs package (npm ci)`;
      return { ...base, available: false, version: pkg.version, path: pkg.dir, reason };
    }
  });
}

/** The installed package's folder and version: the package.json above highs.wasm (the package exports no package.json). */
function highsPackage(): { dir: string; version: string } {
  let dir = path.dirname(highsWasmPath());
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'highs' && pkg.version) return { dir, version: pkg.version };
    } catch {
      // no package.json here: look further up
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json of highs above ${highsWasmPath()}`);
    dir = up;
  }
}

let libraryVersion: Promise<string> | undefined;

/** The HiGHS library's own version, from a loaded runtime; a failure is not remembered, so a later probe tries again. */
function highsLibraryVersion(): Promise<string> {
  libraryVersion ??= loadHighsRuntime()
    .then((highs) => highs.version.string)
    .catch((e: unknown) => {
      libraryVersion = undefined;
      throw e;
    });
  return libraryVersion;
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
