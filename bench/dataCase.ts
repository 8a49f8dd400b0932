/**
 * One step of bench/data.ts in its own process, so that its peak memory is its own: dispatches one core method on the
 * data directory HOME and prints one JSON line, {seconds, peakRssMb, value} (seconds of the call, the method's result).
 * Usage: node --import tsx bench/dataCase.ts HOME METHOD ARGS_JSON
 */
import { createCore } from '../core/createCore.ts';
import { openServices } from '../core/services.ts';

const [home, method, argsJson] = process.argv.slice(2);
const core = createCore(openServices({ home, highsWorkers: 2 }));
try {
  const started = performance.now();
  const envelope = await core.dispatch(method!, JSON.parse(argsJson!));
  const seconds = (performance.now() - started) / 1000;
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
  process.stdout.write(`${JSON.stringify({ seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, value: envelope.value })}\n`);
} finally {
  await core.services.close();
}
