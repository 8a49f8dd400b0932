import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { contentSecurityPolicy } from './contentSecurityPolicy.ts';

const require = createRequire(import.meta.url);

/** One row of electronegativity's CSV report. */
export interface Finding {
  issue: string;
  severity: 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';
  confidence: string;
  filename: string;
  location: string;
  description: string;
}

export function installedElectronVersion(): string {
  return (require('electron/package.json') as { version: string }).version;
}

/**
 * Copies what makes up the desktop app's security posture into `dir`: electron/'s main-process and
 * preload sources (tests left out: their fakes are not the app) and the page the window loads,
 * renderer/index.html, carrying as a meta tag the policy the app's session sends as a header, where
 * the scanner can read it; a package.json names the Electron version, which sets the defaults the
 * scanner assumes for options not given.
 */
export function stageDesktopApp(repoRoot: string, dir: string, electronVersion: string): void {
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(repoRoot, 'electron'), path.join(dir, 'electron'), { recursive: true, filter: (source) => !source.endsWith('.test.ts') });
  const page = readFileSync(path.join(repoRoot, 'renderer/index.html'), 'utf8');
  const policy = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}" />`;
  writeFileSync(path.join(dir, 'index.html'), page.replace(/<head>/i, (head) => `${head}\n    ${policy}`));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'jessica', devDependencies: { electron: electronVersion } }));
}

/**
 * Runs electronegativity over `input` and reads its CSV report
 * (`issue, severity, confidence, filename, location, sample, description, url`).
 * Its own command line does not start with this project's commander (it requires a commander it does
 * not declare), so its library entry runs the scan, in a child process: the library writes the report
 * without awaiting the write, and a process that has exited has flushed it; its two writes race each other,
 * so the child makes them synchronous.
 */
export function electronegativity(input: string, csvFile: string, electronVersion: string): Finding[] {
  const options = { input, output: csvFile, isSarif: false, isRelative: true, electronVersionOverride: electronVersion };
  // The library writes the CSV header (truncating) and the rows (appending) as two concurrent fs.writeFile
  // calls, so the rows can land before the header and be cut: in this child, fs.writeFile is made synchronous.
  const runner = `const fs = require('node:fs');
    fs.writeFile = (file, data, options, callback) => {
      const done = typeof options === 'function' ? options : callback;
      try { fs.writeFileSync(file, data, typeof options === 'function' ? undefined : options); done?.(null); } catch (error) { done?.(error); }
    };
    require(${JSON.stringify(require.resolve('@doyensec/electronegativity'))})(${JSON.stringify(options)})
      .catch((error) => { console.error(error); process.exit(2); });`;
  const child = spawnSync(process.execPath, ['-e', runner], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`electronegativity failed (${child.status ?? child.signal}): ${child.stderr}`);
  return parse(readFileSync(csvFile, 'utf8'), { columns: true, trim: true, skip_empty_lines: true }) as Finding[];
}
