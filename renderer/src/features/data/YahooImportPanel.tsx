import { useId, useState, type FormEvent } from 'react';
import { JobProgressView } from '../../components/JobProgressView.tsx';
import { isActive } from '../../state/jobState.ts';
import { useApp } from '../../state/useApp.ts';
import { blankYahooForm, tickerList, type TickerSource, type YahooForm } from '../../state/yahooImportArgs.ts';
import { YahooImportSummary } from './YahooImportSummary.tsx';

const sources: { value: TickerSource; label: string }[] = [
  { value: 'holdings', label: 'iShares holdings file (IVV, IWM)' },
  { value: 'constituents', label: 'Constituents file' },
  { value: 'tickers', label: 'Ticker list' },
];

/**
 * Daily history and quotes from Yahoo Finance into a universe, as a job. Files are paths in the workspace, as
 * for the CSV import: the core reads them where they are. Only the chosen source is sent.
 */
export function YahooImportPanel() {
  const job = useApp((s) => s.yahooJob);
  const start = useApp((s) => s.startYahooImport);
  const cancel = useApp((s) => s.cancelYahooImport);
  const [form, setForm] = useState<YahooForm>(blankYahooForm);
  const active = isActive(job);
  const invalid = (key: keyof YahooForm): true | undefined => {
    const where = job.error?.where;
    if (!where) return undefined;
    if (where.field === key) return true;
    const file = key === 'holdingsFile' || key === 'constituentsFile' ? form[key].trim() : '';
    return file && where.file === file ? true : undefined;
  };
  const field = (key: Exclude<keyof YahooForm, 'source'>) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }),
    disabled: active,
    'aria-invalid': invalid(key),
  });
  const listed = form.source === 'tickers' ? tickerList(form.tickers).length : 0;
  // a hint sits beside its input, not in its label, so the input's accessible name is the caption alone
  const id = useId();

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void start(form);
  };

  return (
    <section className="panel" aria-labelledby="yahoo-heading">
      <h2 id="yahoo-heading">Yahoo Finance</h2>
      <form onSubmit={submit} className="form" aria-describedby="yahoo-help" data-testid="yahoo-form">
        <p id="yahoo-help" className="muted small">
          Daily history and quotes into a universe; a rerun fetches only the dates each ticker lacks. Files are in the workspace (names relative to it).
        </p>
        <label className="field">
          <span>Universe name</span>
          <input required pattern="[A-Za-z0-9_.\-]+" {...field('universe')} placeholder="sp500" data-testid="yahoo-universe" />
        </label>
        <fieldset className="radio-group" disabled={active}>
          <legend>Tickers from</legend>
          {sources.map((s) => (
            <label key={s.value} className="radio">
              <input
                type="radio"
                name="yahoo-source"
                value={s.value}
                checked={form.source === s.value}
                onChange={() => setForm({ ...form, source: s.value })}
                data-testid={`yahoo-source-${s.value}`}
              />
              {s.label}
            </label>
          ))}
        </fieldset>
        {form.source === 'holdings' && (
          <div className="field">
            <label htmlFor={`${id}-holdings`}>Holdings file path</label>
            <input id={`${id}-holdings`} required {...field('holdingsFile')} placeholder="sp500/IVV_holdings.csv" aria-describedby={`${id}-holdings-hint`} data-testid="yahoo-holdings" />
            <span id={`${id}-holdings-hint`} className="hint">
              the fund&apos;s own download from ishares.com, header lines included
            </span>
          </div>
        )}
        {form.source === 'constituents' && (
          <div className="field">
            <label htmlFor={`${id}-constituents`}>Constituents file path</label>
            <input id={`${id}-constituents`} required {...field('constituentsFile')} placeholder="sp500/constituents.csv" aria-describedby={`${id}-constituents-hint`} data-testid="yahoo-constituents" />
            <span id={`${id}-constituents-hint`} className="hint">
              <code>ticker[,name,sector,…]</code>
            </span>
          </div>
        )}
        {form.source === 'tickers' && (
          <div className="field">
            <label htmlFor={`${id}-tickers`}>Tickers</label>
            <textarea id={`${id}-tickers`} required rows={3} {...field('tickers')} placeholder="AAPL, MSFT, BRK-B" aria-describedby={`${id}-tickers-hint`} data-testid="yahoo-tickers" />
            <span id={`${id}-tickers-hint`} className="hint">
              separated by commas, spaces or lines{listed > 0 ? ` · ${listed} tickers` : ''}
            </span>
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-from`}>From date (optional)</label>
          <input id={`${id}-from`} type="date" {...field('from')} aria-describedby={`${id}-from-hint`} data-testid="yahoo-from" />
          <span id={`${id}-from-hint`} className="hint">
            for tickers with no prices yet; blank: five years back
          </span>
        </div>
        <div className="field">
          <label htmlFor={`${id}-index`}>Index symbol (optional)</label>
          <input id={`${id}-index`} {...field('index')} placeholder="^GSPC" aria-describedby={`${id}-index-hint`} data-testid="yahoo-index" />
          <span id={`${id}-index-hint`} className="hint">
            blank: the fund&apos;s index for a holdings file (IVV ^GSPC, IWM ^RUT), none otherwise
          </span>
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={active} data-testid="yahoo-start">
            {active ? 'Importing…' : 'Import from Yahoo'}
          </button>
        </div>
      </form>
      <JobProgressView job={job} label="Yahoo import" onCancel={() => void cancel()} showFinished={false} />
      {job.state === 'done' && job.result && <YahooImportSummary summary={job.result} />}
    </section>
  );
}
