import { assembleCached, type CachedAssembly } from '../../solver/assembler/cache/assembleCached.ts';
import type { TrackingProblem } from '../../solver/tracking/trackingProblem.ts';
import { buildTrackingProblem } from '../../solver/tracking/trackingUniverse.ts';
import { resolveAccountValue, type AccountHoldings } from '../../solver/tracking/accountHoldings.ts';
import { applyOverrides } from '../../solver/usecases/overrides.ts';
import type { UseCase } from '../../solver/usecases/useCase.ts';
import { readHoldingsCsv } from '../accounts/holdingsCsv.ts';
import { priceHoldingsOnUniverse } from '../accounts/holdingsOnUniverse.ts';
import { readRecentSalesCsv } from '../accounts/recentSalesCsv.ts';
import { InputError } from '../errors.ts';
import { ensureDemoMarket } from '../market/demoMarket.ts';
import { readPricePanel } from '../market/pricePanelReader.ts';
import { panelFingerprint } from '../runs/runInputs.ts';
import type { RunRecorder } from '../runs/runRecorder.ts';
import type { CoreServices } from '../services.ts';
import { findUseCase } from '../usecases/findUseCase.ts';
import type { ModelArguments } from './optimizeArguments.ts';

/** One model, ready for a solver: the data it was assembled from and the account it is for. */
export interface PreparedModel {
  useCase: UseCase;
  problem: TrackingProblem;
  account: { holdings: AccountHoldings | undefined; warnings: string[] };
  /** dollars, when the model is for an account (whole shares); undefined for weights */
  accountValue: number | undefined;
  assembled: CachedAssembly;
}

type Stage = <T>(name: string, work: () => Promise<T> | T) => Promise<T>;

/**
 * prices → universe and returns → the account's holdings → the assembled model, each stage a span of the
 * run (`load`, `returns`, `holdings`, `assemble`): what `portfolio/optimize` hands its solver and
 * `solvers/compare` hands every solver it compares.
 */
export async function prepareModel(services: CoreServices, args: ModelArguments, rec: RunRecorder, stage: Stage): Promise<PreparedModel> {
  const { db } = services;
  const useCase = findUseCase(db, args.useCase);

  const panel = await stage('load', () => {
    if (args.universe === 'demo') ensureDemoMarket(db);
    const window = { asOf: args.asOf, lookback: args.lookback };
    return services.pricePanels ? services.pricePanels.read(args.universe, window) : readPricePanel(db, args.universe, window);
  });
  rec.annotate('load', { dates: panel.dates.length, members: panel.tickers.length, ...(services.pricePanels ? { source: services.pricePanels.source } : {}) });
  rec.noteInput(panelFingerprint(panel));

  const problem = await stage('returns', () => buildTrackingProblem(panel, { benchmark: args.benchmark }));
  rec.annotate('returns', { names: problem.tickers.length, periods: problem.benchmarkReturns.length });

  const account = await stage('holdings', () => accountHoldings(args, problem));
  const current = account.holdings;
  const accountValue = resolveAccountValue(current, problem, { accountValue: args.accountValue, withdrawal: args.withdraw });
  if (accountValue !== undefined && accountValue <= 0) {
    throw new InputError(`the account value after the withdrawal is $${accountValue.toFixed(2)}: nothing is left to invest`, { field: 'withdraw' });
  }
  const assembled = await stage('assemble', () =>
    assembleCached(
      applyOverrides(useCase, {
        maxNames: args.maxNames,
        minWeight: args.minWeight,
        maxWeight: args.maxWeight,
        sectorBand: args.sectorBand,
        exclude: args.exclude,
        accountValue,
        fractional: args.fractional,
      }),
      { problem, accountValue, holdings: current },
      services.assemblyCache,
    ),
  );
  rec.annotate('assemble', { modelClass: assembled.modelClass, cache: assembled.cache, ...assembled.size });
  return { useCase, problem, account, accountValue, assembled };
}

/**
 * `--holdings FILE`, `--cash V` and `--recent-sales FILE`: the account's current positions priced on
 * the universe (names outside it at the file's price), its cash and its recent sales, or none (a new
 * account); with warnings about the prices the file gives.
 */
async function accountHoldings(
  args: ModelArguments,
  problem: TrackingProblem,
): Promise<{ holdings: AccountHoldings | undefined; warnings: string[] }> {
  if (!args.holdingsFile && args.cash === undefined) {
    if (args.recentSalesFile) {
      throw new InputError('recent sales belong to an account: give its holdings (--holdings FILE) or its cash (--cash V)', { field: 'recent-sales' });
    }
    return { holdings: undefined, warnings: [] };
  }
  const priced = args.holdingsFile
    ? priceHoldingsOnUniverse(await readHoldingsCsv(args.holdingsFile), problem)
    : { holdings: { cash: 0, lots: [] }, warnings: [] };
  const holdings: AccountHoldings = { ...priced.holdings, cash: args.cash ?? priced.holdings.cash };
  if (args.recentSalesFile) holdings.recentSales = await readRecentSalesCsv(args.recentSalesFile, problem.asOf);
  return { holdings, warnings: priced.warnings };
}
