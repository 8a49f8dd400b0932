import type { JobView } from '../state/jobState.ts';
import { isActive } from '../state/jobState.ts';
import { ErrorNotice } from './ErrorNotice.tsx';

interface Props {
  job: JobView<unknown>;
  /** e.g. "Optimization" */
  label: string;
  onCancel: () => void;
  /** extra progress line, e.g. rows read */
  detail?: string;
  /** the stages a run of this kind goes through, to show those still to come */
  expectedStages?: readonly string[];
  /** false when the caller says how the job ended itself (an import that finished partial is not a success) */
  showFinished?: boolean;
}

/** A running job: its stage, a progress bar (a fraction when the job can tell, else indeterminate) and Cancel. */
export function JobProgressView({ job, label, onCancel, detail, expectedStages = [], showFinished = true }: Props) {
  if (job.state === 'idle') return null;
  const active = isActive(job);
  const fraction = job.progress?.fraction ?? null;
  const current = job.progress?.stage ?? null;
  // the stages to come only while something runs: a job refused at its start has none to show
  const stages = active || job.stages.length > 0 ? [...job.stages, ...expectedStages.filter((s) => !job.stages.includes(s))] : [];
  return (
    <section className="job" aria-label={`${label} progress`} data-testid="job-progress" data-state={job.state}>
      {active && (
        <>
          <div className="job-head">
            <p aria-live="polite" className="job-stage" data-testid="job-stage">
              {job.state === 'starting' ? 'Starting…' : current ? `${current}: ${job.progress?.message || 'running'}` : 'Running…'}
            </p>
            <button type="button" className="danger" onClick={onCancel} data-testid="job-cancel">
              Cancel
            </button>
          </div>
          <div
            className={`progress ${fraction == null ? 'indeterminate' : ''}`}
            role="progressbar"
            aria-label={`${label} progress`}
            aria-valuemin={0}
            aria-valuemax={100}
            {...(fraction == null ? {} : { 'aria-valuenow': Math.round(fraction * 100) })}
          >
            <div className="progress-fill" style={fraction == null ? undefined : { width: `${Math.round(fraction * 100)}%` }} />
          </div>
        </>
      )}
      {detail && <p className="job-detail">{detail}</p>}
      {stages.length > 0 && (
        <ol className="stages" aria-label="Stages">
          {stages.map((s) => {
            const seen = job.stages.includes(s);
            const state = s === current && active ? 'current' : seen ? 'done' : 'pending';
            return (
              <li key={s} className={`stage stage-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
                {s}
              </li>
            );
          })}
        </ol>
      )}
      {job.state === 'done' && showFinished && <p className="notice notice-ok" role="status">{label} finished.</p>}
      {job.error && <ErrorNotice error={job.error} context={job.state === 'cancelled' ? undefined : label} />}
    </section>
  );
}
