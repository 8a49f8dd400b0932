import { useState, type FormEvent } from 'react';
import { count } from '../../components/figures.ts';
import { JobProgressView } from '../../components/JobProgressView.tsx';
import type { ImportForm } from '../../state/dataSlice.ts';
import { isActive } from '../../state/jobState.ts';
import { useApp } from '../../state/useApp.ts';

const blank: ImportForm = { universe: '', pricesFile: '', constituentsFile: '', indexFile: '' };

/**
 * Imports a universe from CSV files as a job. The files are paths on this machine: the server is local,
 * so the core reads them where they are instead of the browser uploading them.
 */
export function ImportPanel() {
  const job = useApp((s) => s.importJob);
  const start = useApp((s) => s.startImport);
  const cancel = useApp((s) => s.cancelImport);
  const [form, setForm] = useState<ImportForm>(blank);
  const active = isActive(job);
  const field = (key: keyof ImportForm) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }),
    disabled: active,
    'aria-invalid': job.error?.where?.field === key || (key === 'pricesFile' && job.error?.where?.file === form.pricesFile) ? true : undefined,
  });

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void start(form);
  };

  return (
    <section className="panel" aria-labelledby="import-heading">
      <h2 id="import-heading">Import CSV</h2>
      <form onSubmit={submit} className="form" aria-describedby="import-help">
        <p id="import-help" className="muted small">
          Files in the workspace (names relative to it; <code>jessica serve</code> prints where it is). Prices: long CSV (gzip or plain) with <code>date,ticker,close</code>; constituents and index are optional.
        </p>
        <label className="field">
          <span>Universe name</span>
          <input required pattern="[A-Za-z0-9_.\-]+" {...field('universe')} data-testid="import-universe" />
        </label>
        <label className="field">
          <span>Prices file</span>
          <input required {...field('pricesFile')} placeholder="sp500/prices.csv.gz" data-testid="import-prices" />
        </label>
        <label className="field">
          <span>Constituents file (optional)</span>
          <input {...field('constituentsFile')} placeholder="sp500/constituents.csv" data-testid="import-constituents" />
        </label>
        <label className="field">
          <span>Index file (optional)</span>
          <input {...field('indexFile')} placeholder="sp500/index.csv" data-testid="import-index" />
        </label>
        <div className="actions">
          <button type="submit" className="primary" disabled={active} data-testid="import-start">
            {active ? 'Importing…' : 'Import'}
          </button>
        </div>
      </form>
      <JobProgressView job={job} label="Import" onCancel={() => void cancel()} detail={job.rows > 0 && !job.progress?.message ? `${count(job.rows)} rows read` : undefined} />
      {job.state === 'done' && job.result && (
        <div className="import-summary" data-testid="import-summary">
          <p>
            <strong>{job.result.universe}</strong>: {count(job.result.rows)} rows, {count(job.result.tickers)} tickers, {count(job.result.days)} days (
            {job.result.firstDate} – {job.result.lastDate}), {count(job.result.members)} members, {count(job.result.indexRows)} index rows in{' '}
            {job.result.seconds.toFixed(1)} s.
          </p>
          {job.result.warnings.length > 0 && (
            <details>
              <summary>{job.result.warnings.length} warnings</summary>
              <ul className="warnings">
                {job.result.warnings.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </section>
  );
}
