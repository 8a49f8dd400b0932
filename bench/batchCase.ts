/**
 * The batch of bench/batch.ts in its own process, so peak memory is the batch's own: runs book/batch through
 * the core and prints its figures and the process's peak RSS as one JSON line. With NATIVE_DIR and a count,
 * it also writes the individual whole-share models of that many accounts (drawn on another seed than the
 * audit's) as JSON IRs for bench/nativeHighs.py.
 * Usage: node --import tsx bench/batchCase.ts HOME ARGS_JSON [NATIVE_DIR COUNT]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BatchResult } from '../api/book.ts';
import { readAccountBook } from '../core/accounts/accountBook.ts';
import { drawSample, individualUseCase } from '../core/book/batchAudit.ts';
import { createCore } from '../core/createCore.ts';
import { readPricePanel } from '../core/market/pricePanelReader.ts';
import { openServices } from '../core/services.ts';
import { findUseCase } from '../core/usecases/findUseCase.ts';
import { assembleModel } from '../solver/assembler/assembleModel.ts';
import { irToJson } from '../solver/model/ir.ts';
import { buildTrackingProblem } from '../solver/tracking/trackingUniverse.ts';

const [home, argsJson, nativeDir, nativeCount] = process.argv.slice(2);
const args = JSON.parse(argsJson!) as { accountsFile: string; universe: string; useCase: string; lookback?: number; clusters?: number };
const core = createCore(openServices({ home }));
// what the runs' allocations take in the store: the pages of the two tables and the accounts' key index
const allocationPages = () =>
  core.services.db
    .prepare("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN ('batch_allocations', 'sqlite_autoindex_batch_allocations_1', 'batch_names')")
    .pluck()
    .get() as number;
try {
  const pagesBefore = allocationPages();
  const envelope = await core.dispatch('book/batch', args);
  if (!envelope.ok) throw new Error(envelope.error.message);
  const r = envelope.value as BatchResult;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const models: { file: string; accountId: string; value: number }[] = [];
  if (nativeDir && Number(nativeCount) > 0) {
    const db = core.services.db;
    const problem = buildTrackingProblem(readPricePanel(db, args.universe, { lookback: args.lookback ?? 252 }));
    const book = await readAccountBook(args.accountsFile);
    const useCase = findUseCase(db, args.useCase);
    for (const k of drawSample(book.accounts.length, Number(nativeCount), 7)) {
      const account = book.accounts[k]!;
      const { ir } = assembleModel(individualUseCase(useCase, account.exclude, problem, account.value), { problem, accountValue: account.value });
      const file = path.join(nativeDir, `${account.accountId}.json`);
      writeFileSync(file, irToJson(ir));
      models.push({ file, accountId: account.accountId, value: account.value });
    }
  }
  const stages = Object.fromEntries(r.spans.filter((s) => s.parent === null).map((s) => [s.name, s.durationMs]));
  const storedBytes = allocationPages() - pagesBefore;
  const optimize = r.spans.find((s) => s.name === 'optimize' && s.parent === null);
  process.stdout.write(
    `${JSON.stringify({
      seconds: r.seconds,
      stages,
      optimizeAttrs: optimize?.attrs ?? {},
      clusters: r.clusters.length,
      accounts: r.accounts,
      fallback: r.fallback,
      unallocated: r.unallocated,
      failedModels: r.failedModels.length,
      trackingError: r.trackingError,
      audit: r.audit && { ...r.audit, ratios: undefined },
      peakRssMb,
      storedBytes,
      models,
    })}\n`,
  );
} finally {
  await core.services.close();
}
