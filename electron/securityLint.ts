// `npm run lint:electron`: electronegativity over the desktop shell (electronegativityScan.ts says
// what is scanned), printing every finding and failing on any of HIGH severity.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronegativity, installedElectronVersion, stageDesktopApp } from './electronegativityScan.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const staging = mkdtempSync(path.join(os.tmpdir(), 'jessica-electronegativity-'));
try {
  const version = installedElectronVersion();
  stageDesktopApp(repoRoot, path.join(staging, 'app'), version);
  const findings = electronegativity(path.join(staging, 'app'), path.join(staging, 'findings.csv'), version);
  const rank = ['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];
  findings.sort((a, b) => rank.indexOf(a.severity) - rank.indexOf(b.severity));
  for (const f of findings) {
    process.stdout.write(`${f.severity.padEnd(13)} ${f.confidence.padEnd(9)} ${f.issue.padEnd(28)} ${f.filename}:${f.location}  ${f.description}\n`);
  }
  const high = findings.filter((f) => f.severity === 'HIGH').length;
  process.stdout.write(`electronegativity (Electron ${version}): ${findings.length} findings, ${high} HIGH\n`);
  process.exitCode = high > 0 ? 1 : 0;
} finally {
  rmSync(staging, { recursive: true, force: true });
}
