import { useApp } from '../state/useApp.ts';

/** The empty state of a screen that shows one thing picked on the Book screen (a cluster, an account). */
export function NothingChosen({ what }: { what: string }) {
  const go = useApp((s) => s.go);
  return (
    <div className="panel">
      <p className="status-line empty" data-testid="empty-state">
        No {what} chosen.{' '}
        <button type="button" className="link" onClick={() => go('book')}>
          Pick one on the Book screen
        </button>
        .
      </p>
    </div>
  );
}
