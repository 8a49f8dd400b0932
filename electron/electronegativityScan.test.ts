import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './buildTools.ts';
import { electronegativity, installedElectronVersion, stageDesktopApp } from './electronegativityScan.ts';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'jessica-electronegativity-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const version = installedElectronVersion();

describe('electronegativity as the CI gate', () => {
  it('reads HIGH findings from its report: a window without isolation, navigation left unguarded', () => {
    const app = path.join(scratch, 'insecure');
    mkdirSync(app);
    writeFileSync(
      path.join(app, 'main.js'),
      "const { BrowserWindow } = require('electron');\n" +
        "new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\n",
    );
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ devDependencies: { electron: version } }));
    const findings = electronegativity(app, path.join(scratch, 'insecure.csv'), version);
    const high = findings.filter((f) => f.severity === 'HIGH').map((f) => `${f.issue} ${f.filename}:${f.location}`);
    expect(high.sort()).toEqual(['CONTEXT_ISOLATION_JS_CHECK main.js:2:61', 'LIMIT_NAVIGATION_GLOBAL_CHECK N/A:0:0']);
  });

  it('finds nothing of HIGH severity in the desktop shell', () => {
    const app = path.join(scratch, 'jessica');
    stageDesktopApp(repoRoot, app, version);
    const findings = electronegativity(app, path.join(scratch, 'jessica.csv'), version);
    expect(findings.filter((f) => f.severity === 'HIGH')).toEqual([]);
    // the scan did read the app: the preload it is told to review is ours
    expect(findings).toContainEqual(expect.objectContaining({ issue: 'PRELOAD_JS_CHECK', filename: 'electron/appWindow.ts' }));
  });
});
