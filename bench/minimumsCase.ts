/**
 * One account-minimum case in its own process, so peak memory is the case's own: runs book/minimums through
 * the core twice (cold: the pool starts and HiGHS compiles on first use, as `jessica minimums` does once; warm:
 * the same job again, as a long-lived app sees it) and prints the spans, the minimum and the peak RSS as one
 * JSON line. Usage: node --import tsx bench/minimumsCase.ts HOME ARGS_JSON
 */
import type { MinimumsResult } from '../api/book.ts';
import { createCore } from '../core/createCore.ts';
import { openServices } from '../core/services.ts';

const [home, argsJson] = process.argv.slice(2);
const args = JSON.parse(argsJson!) as Record<string, unknown>;
const core = createCore(openServices({ home }));
try {
  const run = async (): Promise<{ ms: number; r: MinimumsResult }> => {
    const started = performance.now();
    const envelope = await core.dispatch('book/minimums', args);
    if (!envelope.ok) throw new Error(envelope.error.message);
    return { ms: performance.now() - started, r: envelope.value as MinimumsResult };
  };
  const cold = await run();
  const warm = await run();
  const span = (r: MinimumsResult, name: string) => r.spans.find((s) => s.name === name && s.parent === null)?.durationMs ?? 0;
  const whole = warm.r.points.filter((p) => !p.fractional);
  process.stdout.write(
    `${JSON.stringify({
      coldMs: cold.ms,
      warmMs: warm.ms,
      load: span(warm.r, 'load'),
      returns: span(warm.r, 'returns'),
      target: span(warm.r, 'target'),
      coldTarget: span(cold.r, 'target'),
      frontier: span(warm.r, 'frontier'),
      sizes: whole.length,
      names: warm.r.targets[0]?.names ?? 0,
      targets: warm.r.targets.length,
      minimum: warm.r.minimum,
      probes: warm.r.search?.probes ?? 0,
      teSmallest: whole[0]?.trackingError ?? null,
      teLargest: whole.at(-1)?.trackingError ?? null,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    })}\n`,
  );
} finally {
  await core.services.close();
}
