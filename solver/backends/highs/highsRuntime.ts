import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import highsPackage from 'highs';
import type { Highs, InitOptions } from 'highs';

/*
 * The package is typed as CommonJS while Node loads its ES module build, so TypeScript sees the
 * namespace where Node hands over the loader function; take whichever is callable.
 */
type HighsLoader = (options?: InitOptions) => Promise<Highs>;
const loadHighs = ((highsPackage as unknown as { default?: HighsLoader }).default ??
  (highsPackage as unknown as HighsLoader)) as HighsLoader;

/* @types/node declares the WebAssembly types but not the global value under lib ES2023. */
const wasm = (globalThis as unknown as {
  WebAssembly: {
    compile(bytes: Uint8Array): Promise<WebAssembly.Module>;
    RuntimeError: new (...args: never[]) => Error;
  };
}).WebAssembly;

/**
 * Loading the HiGHS WebAssembly runtime. Compiling highs.wasm (3.5 MB) is the expensive part; a
 * compiled `WebAssembly.Module` can be structured-cloned to worker threads, where instantiating it
 * costs 32-38 ms (SOLVER-FACTS). So the pool compiles once and every worker instantiates.
 */

/** Absolute path of highs.wasm as the installed `highs` package resolves it. */
export function highsWasmPath(): string {
  return createRequire(import.meta.url).resolve('highs/runtime');
}

export async function compileHighsWasm(): Promise<WebAssembly.Module> {
  const bytes = await readFile(highsWasmPath());
  return wasm.compile(bytes);
}

/**
 * A fresh HiGHS instance (its own WebAssembly memory). Native output is dropped: solves capture
 * their log through the logging callback instead, so that concurrent models never mix lines.
 */
export async function loadHighsRuntime(wasmModule?: WebAssembly.Module): Promise<Highs> {
  return loadHighs(wasmModule ? { wasmModule } : { locateFile: () => highsWasmPath() });
}

/**
 * True when an error means the WebAssembly instance itself is no longer trustworthy (a trap such
 * as "memory access out of bounds" or "unreachable", an Emscripten abort, running out of its 2 GiB
 * memory): the instance must be discarded and a new one instantiated.
 */
export function isRuntimeFailure(e: unknown): boolean {
  if (e instanceof wasm.RuntimeError) return true;
  if (e instanceof RangeError && /memory|allocation/i.test(e.message)) return true;
  return e instanceof Error && /^Aborted\(|\babort\(|out of memory/i.test(e.message);
}
