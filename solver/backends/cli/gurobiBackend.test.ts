import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelBuilder } from '../../model/builder.ts';
import type { ModelIR } from '../../model/ir.ts';
import { writeMps } from '../../writers/mpsWriter.ts';
import { createGurobiBackend } from './gurobiBackend.ts';

/*
 * Gurobi cannot be installed here. These tests run the Gurobi backend's real path (MPS file, child
 * process, deadline, SOL and log reading) against shell scripts that stand in for gurobi_cl: they
 * take its arguments, echo them the way gurobi_cl does ("Set parameter X to value Y"), and write a
 * SOL file and log lines in Gurobi's documented formats. They prove the arguments and the parsing,
 * not Gurobi itself.
 */

let dir: string;
let scripts = 0;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jessica-gurobi-stand-in-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What every stand-in does first: read gurobi_cl's arguments, echo them, check the model file. */
const READ_ARGUMENTS = `
for a in "$@"; do
  case "$a" in
    *=*) echo "Set parameter \${a%%=*} to value \${a#*=}";;
  esac
  case "$a" in
    ResultFile=*) sol="\${a#ResultFile=}";;
    LogFile=*) log="\${a#LogFile=}";;
    InputFile=*) start="\${a#InputFile=}";;
    *.mps) model="$a";;
  esac
done
echo "Gurobi Optimizer version 11.0.3 build v11.0.3rc0 (linux64)"
if [ ! -f "$model" ] || ! grep -q '^ROWS' "$model"; then
  echo "ERROR 10012: Unable to open file '$model' for input"
  exit 1
fi
echo "Read MPS format model from file $model"
`;

async function standIn(body: string): Promise<string> {
  const file = path.join(dir, `gurobi_cl-stand-in-${++scripts}`);
  await writeFile(file, `#!/bin/sh\n${READ_ARGUMENTS}\n${body}\n`, { mode: 0o755 });
  return file;
}

/** A SOL file as gurobi_cl writes it, for the model's own column names. */
function solText(ir: ModelIR, objective: number, x: number[]): string {
  const names = writeMps(ir).columnNames;
  return [`# Solution for model ${ir.name}`, `# Objective value = ${objective.toExponential(16)}`, ...names.map((n, j) => `${n} ${x[j]}`)].join('\n');
}

/** maximize x + y s.t. −x + y ≤ 1, 3x + 2y ≤ 12, 2x + 3y ≤ 12, x, y ∈ ℤ≥0: optimum 4 at (2, 2). */
function smallMilp(): ModelIR {
  const b = new ModelBuilder('small-milp', 'maximize');
  const x = b.addColumn('x', { cost: 1, type: 'integer', upper: 100 });
  const y = b.addColumn('y', { cost: 1, type: 'integer', upper: 100 });
  b.addRow('r1', [x, y], [-1, 1], -Infinity, 1);
  b.addRow('r2', [x, y], [3, 2], -Infinity, 12);
  b.addRow('r3', [x, y], [2, 3], -Infinity, 12);
  return b.build();
}

describe('Gurobi backend without Gurobi', () => {
  it('names gurobi_cl and says it is not installed when it is not on PATH', async () => {
    const savedPath = process.env.PATH;
    process.env.PATH = dir; // a directory that holds no gurobi_cl
    try {
      const gurobi = createGurobiBackend();
      const r = await gurobi.solve(smallMilp());
      expect(r.status).toBe('error');
      expect(r.solver).toBe('gurobi');
      expect(r.message).toMatch(/^gurobi_cl was not found on PATH: gurobi_cl is not installed/);
      await gurobi.close();
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it('declares LP, MILP, QP and MIQP', () => {
    expect(createGurobiBackend().classes).toEqual(['LP', 'MILP', 'QP', 'MIQP']);
  });
});

describe('Gurobi backend through a stand-in for gurobi_cl (a shell script, not Gurobi)', () => {
  it('passes the time limit, gap and files, and reads an optimal SOL file and log', async () => {
    const ir = smallMilp();
    const exe = await standIn(`
cat > "$sol" <<'EOF'
${solText(ir, 4, [2, 2])}
EOF
echo "Presolve time: 0.01s"
echo "Root relaxation: objective 4.800000e+00, 2 iterations, 0.00 seconds (0.00 work units)"
echo "Explored 1 nodes (2 simplex iterations) in 0.03 seconds (0.00 work units)"
echo "Optimal solution found (tolerance 1.00e-02)"
echo "Best objective 4.000000000000e+00, best bound 4.000000000000e+00, gap 0.0000%"`);
    const gurobi = createGurobiBackend({ executable: exe });
    const r = await gurobi.solve(ir, { timeLimitSec: 5, mipRelGap: 0.01, keepLog: true });
    expect(r.status).toBe('optimal');
    expect(r.solverStatus).toBe('Optimal solution found (tolerance 1.00e-02)');
    expect(r.solverVersion).toBe('11.0.3');
    expect(r.x).toEqual([2, 2]);
    expect(r.objective).toBe(4);
    expect(r.bound).toBe(4);
    expect(r.gap).toBe(0);
    expect(r.log).toEqual(
      expect.arrayContaining([
        'Set parameter TimeLimit to value 5',
        'Set parameter MIPGap to value 0.01',
        'Set parameter ResultFile to value solution.sol',
        'Set parameter LogFile to value gurobi.log',
        'Read MPS format model from file model.mps',
      ]),
    );
    // no row of the branch-and-bound table branched: the root settled the model
    expect(r.phases.map((p) => p.name)).toEqual(['presolve', 'root']);
    await gurobi.close();
  });

  it('hands a MIP start over as an MST file through InputFile', async () => {
    const ir = smallMilp();
    const exe = await standIn(`
echo "Read MIP start from file $start"
grep -v '^#' "$start"
cat > "$sol" <<'EOF'
${solText(ir, 4, [2, 2])}
EOF
echo "Optimal solution found (tolerance 1.00e-04)"
echo "Best objective 4.000000000000e+00, best bound 4.000000000000e+00, gap 0.0000%"`);
    const gurobi = createGurobiBackend({ executable: exe });
    const names = writeMps(ir).columnNames;
    const r = await gurobi.solve(ir, { mipStart: [3.0000001, 1], keepLog: true });
    expect(r.status).toBe('optimal');
    // integer columns are rounded before they are handed over
    expect(r.log).toEqual(expect.arrayContaining(['Read MIP start from file start.mst', `${names[0]} 3`, `${names[1]} 1`]));
    await gurobi.close();
  });

  it('reads a time-limit ending with its incumbent, bound and gap', async () => {
    const ir = smallMilp();
    const exe = await standIn(`
cat > "$sol" <<'EOF'
${solText(ir, 3, [1, 2])}
EOF
echo "Time limit reached"
echo "Best objective 3.000000000000e+00, best bound 4.800000000000e+00, gap 60.0000%"`);
    const gurobi = createGurobiBackend({ executable: exe });
    const r = await gurobi.solve(ir, { timeLimitSec: 1 });
    expect(r.status).toBe('time-limit');
    expect(r.x).toEqual([1, 2]);
    expect(r.objective).toBe(3);
    expect(r.bound).toBe(4.8);
    expect(r.gap).toBeCloseTo(0.6, 12);
    expect(r.message).toMatch(/time limit of 1 s with an incumbent/);
    await gurobi.close();
  });

  it('reports an infeasible model, for which gurobi_cl writes no SOL file', async () => {
    const exe = await standIn(`
echo "Model is infeasible"
echo "Best objective -, best bound -, gap -"`);
    const gurobi = createGurobiBackend({ executable: exe });
    const r = await gurobi.solve(smallMilp());
    expect(r.status).toBe('infeasible');
    expect(r.x).toBeUndefined();
    expect(r.bound).toBeUndefined();
    await gurobi.close();
  });

  it('reads the LogFile when gurobi_cl printed nothing on stdout', async () => {
    const ir = smallMilp();
    const exe = await standIn(`
exec > /dev/null
{
  echo "Gurobi Optimizer version 12.0.1 build v12.0.1rc0 (linux64)"
  echo "Optimal solution found (tolerance 1.00e-04)"
  echo "Best objective 4.000000000000e+00, best bound 4.000000000000e+00, gap 0.0000%"
} > "$log"
cat > "$sol" <<'EOF'
${solText(ir, 4, [2, 2])}
EOF`);
    const gurobi = createGurobiBackend({ executable: exe });
    const r = await gurobi.solve(ir);
    expect(r.status).toBe('optimal');
    expect(r.solverVersion).toBe('12.0.1');
    expect(r.x).toEqual([2, 2]);
    await gurobi.close();
  });

  it('returns a licence error in Gurobi’s own words', async () => {
    const exe = await standIn(`
echo "ERROR 10009: No Gurobi license found (user jessica, host build, hostid 8e3f21aa, cores 2)"
exit 1`);
    const gurobi = createGurobiBackend({ executable: exe });
    const r = await gurobi.solve(smallMilp());
    expect(r.status).toBe('error');
    expect(r.message).toMatch(/gurobi_cl did not solve model small-milp: ERROR 10009: No Gurobi license found/);
    await gurobi.close();
  });

  it('refuses a SOL file that lacks a column of the model', async () => {
    const ir = smallMilp();
    const names = writeMps(ir).columnNames;
    const exe = await standIn(`
printf '# Objective value = 2\\n${names[0]} 2\\n' > "$sol"
echo "Optimal solution found (tolerance 1.00e-04)"`);
    const gurobi = createGurobiBackend({ executable: exe });
    const r = await gurobi.solve(ir);
    expect(r.status).toBe('error');
    expect(r.message).toMatch(new RegExp(`no value for 1 column\\(s\\) of model small-milp, e\\.g\\. ${names[1]}`));
    await gurobi.close();
  });

  it('sends a QP and an MIQP through, with the quadratic objective in the MPS file', async () => {
    const exe = await standIn(`
grep -q '^QUADOBJ' "$model" || { echo "ERROR 10003: no quadratic objective"; exit 1; }
printf '# Objective value = -0.25\\nx1 0.5\\n' > "$sol"
echo "Optimal objective -2.500000000e-01"`);
    const gurobi = createGurobiBackend({ executable: exe });
    // minimize x² − x: optimum −¼ at x = ½
    const b = new ModelBuilder('qp');
    const x = b.addColumn('x', { cost: -1 });
    b.addQuadratic(x, x, 2);
    const r = await gurobi.solve(b.build());
    expect(r.status).toBe('optimal');
    expect(r.x).toEqual([0.5]);
    expect(r.objective).toBe(-0.25);
    expect(r.bound).toBe(-0.25);
    await gurobi.close();
  });

  it('interrupts a run past its hard deadline and keeps the incumbent written on SIGINT', async () => {
    const ir = smallMilp();
    // like gurobi_cl: on an interrupt, stop and write the incumbent
    const exe = await standIn(`
finish() {
  cat > "$sol" <<'EOF'
${solText(ir, 3, [1, 2])}
EOF
  echo "Interrupt request received"
  echo "Solve interrupted"
  echo "Best objective 3.000000000000e+00, best bound 4.800000000000e+00, gap 60.0000%"
  exit 0
}
trap finish INT
while :; do sleep 0.05; done`);
    const gurobi = createGurobiBackend({ executable: exe, hardDeadlineSec: () => 0.3 });
    const r = await gurobi.solve(ir, { timeLimitSec: 10 });
    expect(r.status).toBe('time-limit');
    expect(r.message).toMatch(/did not stop at its time limit of 10 s and was stopped from outside at the hard deadline of 0.3 s \(SIGINT\)/);
    expect(r.x).toEqual([1, 2]);
    expect(r.solveMs).toBeLessThan(2000);
    await gurobi.close();
  });

  it('kills a run that ignores SIGINT and SIGTERM', async () => {
    const exe = await standIn(`
trap '' INT TERM
while :; do sleep 0.05; done`);
    const gurobi = createGurobiBackend({ executable: exe, hardDeadlineSec: () => 0.2, stopGraceMs: 200 });
    const r = await gurobi.solve(smallMilp(), { timeLimitSec: 10 });
    expect(r.status).toBe('time-limit');
    expect(r.message).toMatch(/\(SIGKILL\)/);
    expect(r.x).toBeUndefined();
    expect(r.solveMs).toBeLessThan(2000);
    await gurobi.close();
  });
});
