import type { Page } from '@playwright/test';

export interface CompareOptions {
  universe: string;
  useCase: string;
  lookback?: string;
  maxNames?: string;
  accountValue?: string;
  timeLimit?: string;
  withoutStart?: boolean;
}

/** One run of a comparison as its table row holds it: the figures as the page has them, not the rounded text. */
export interface ComparisonRow {
  solver: string;
  start: string;
  status: string;
  objective: number | null;
  names: number | null;
}

/** The Compare screen: the solvers and options, a row per solve while it runs, then the table, charts and differences. */
export class ComparePage {
  constructor(readonly page: Page) {}

  solver(id: 'highs' | 'cbc' | 'gurobi') {
    return this.page.getByTestId(`compare-solver-${id}`).getByRole('checkbox');
  }

  solverAbout(id: 'highs' | 'cbc' | 'gurobi') {
    return this.page.getByTestId(`compare-solver-${id}-about`);
  }

  get run() {
    return this.page.getByTestId('compare-run');
  }

  get progress() {
    return this.page.getByTestId('job-progress');
  }

  get solveRows() {
    return this.page.getByTestId('solver-run');
  }

  get result() {
    return this.page.getByTestId('compare-result');
  }

  get tableRows() {
    return this.page.getByTestId('comparison-table').getByTestId('comparison-row');
  }

  get timeChart() {
    return this.page.getByTestId('compare-time-chart');
  }

  get objectiveChart() {
    return this.page.getByTestId('compare-objective-chart');
  }

  get gapChart() {
    return this.page.getByTestId('gap-chart');
  }

  get differences() {
    return this.page.getByTestId('portfolio-differences');
  }

  get differenceRows() {
    return this.page.getByTestId('difference-row');
  }

  get exportButton() {
    return this.page.getByTestId('compare-export');
  }

  async fill(options: CompareOptions): Promise<void> {
    await this.page.getByTestId('compare-universe').selectOption(options.universe);
    await this.page.getByTestId('compare-usecase').selectOption(options.useCase);
    if (options.lookback) await this.page.getByLabel('Lookback (periods)').fill(options.lookback);
    if (options.maxNames) await this.page.getByLabel('Max names').fill(options.maxNames);
    if (options.accountValue) await this.page.getByLabel('Account value ($)').fill(options.accountValue);
    if (options.timeLimit) await this.page.getByLabel('Time limit (s)').fill(options.timeLimit);
    if (options.withoutStart !== undefined) await this.page.getByLabel('Also without the heuristic start').setChecked(options.withoutStart);
  }

  async rows(): Promise<ComparisonRow[]> {
    return this.tableRows.evaluateAll((rows) =>
      rows.map((r) => {
        const num = (name: string): number | null => {
          const v = r.getAttribute(name);
          return v === null || v === '' ? null : Number(v);
        };
        return { solver: r.getAttribute('data-solver')!, start: r.getAttribute('data-start')!, status: r.getAttribute('data-status')!, objective: num('data-objective'), names: num('data-names') };
      }),
    );
  }

  /** Sets runs A and B of the differences by their keys, `solver/start`. */
  async choosePair(a: string, b: string): Promise<void> {
    await this.page.getByTestId('diff-a').selectOption(a);
    await this.page.getByTestId('diff-b').selectOption(b);
  }
}
