/**
 * One benchmark case in its own process, so peak memory is the case's own: runs the optimize job through
 * the core and prints the result's spans, figures and the process's peak RSS as one JSON line.
 * Usage: node --import tsx bench/optimizeCase.ts HOME ARGS_JSON [MODEL_OUT.json]
 */
import { writeFileSync } from 'node:fs';
import type { OptimizeResult } from '../api/domain.ts';
import { createCore } from '../core/createCore.ts';
import { openServices } from '../core/services.ts';
import { irToJson } from '../solver/model/ir.ts';
import { assembleModel } from '../solver/assembler/assembleModel.ts';
import { readPricePanel } from '../core/market/pricePanelReader.ts';
import { buildTrackingProblem } from '../solver/tracking/trackingUniverse.ts';
import { applyOverrides } from '../solver/usecases/overrides.ts';
import { findUseCase } from '../core/usecases/findUseCase.ts';

const [home, argsJson, modelOut] = process.argv.slice(2);
const args = JSON.parse(argsJson!) as Record<string, unknown> & { universe: string; useCase: string; lookback?: number };
const core = createCore(openServices({ home }));
try {
  const runJob = async () => {
    const envelope = await core.dispatch('portfolio/optimize', args);
    if (!envelope.ok) throw new Error(envelope.error.message);
    return envelope.value as OptimizeResult;
  };
  // cold: the first solve of the process pays for starting the pool and compiling the hot wasm code;
  // warm: the same job again on the warm pool, what a long-lived app or batch sees
  const cold = await runJob();
  const r = await runJob();
  const coldMs = (name: string) => cold.spans.find((s) => s.name === name)?.durationMs ?? 0;
  if (modelOut) {
    // the same model, assembled again outside the timed run, for the native solver to read
    const problem = buildTrackingProblem(readPricePanel(core.services.db, args.universe, { lookback: args.lookback ?? 252 }));
    const { ir } = assembleModel(applyOverrides(findUseCase(core.services.db, args.useCase), args as never), { problem, accountValue: args.accountValue as number | undefined });
    writeFileSync(modelOut, irToJson(ir));
  }
  const spanMs = (name: string) => r.spans.find((s) => s.name === name)?.durationMs ?? 0;
  process.stdout.write(
    `${JSON.stringify({
      load: spanMs('load'),
      returns: spanMs('returns'),
      assemble: spanMs('assemble'),
      pass: spanMs('pass'),
      solve: spanMs('solve') - spanMs('pass'),
      coldPass: coldMs('pass'),
      coldSolve: coldMs('solve') - coldMs('pass'),
      total: r.spans.filter((s) => s.parent === null).reduce((s, x) => s + x.durationMs, 0),
      objective: r.objective,
      heuristicObjective: r.heuristicObjective,
      bound: r.bound,
      gap: r.gap,
      status: r.status,
      trackingError: r.trackingError,
      names: r.names,
      size: r.modelSize,
      modelClass: r.modelClass,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    })}\n`,
  );
} finally {
  await core.services.close();
}
