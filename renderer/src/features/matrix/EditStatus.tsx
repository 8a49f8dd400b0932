import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { useApp } from '../../state/useApp.ts';

/** The outcome of the last edit of the matrix: saved (with its version) or the error on its component. */
export function EditStatus() {
  const edit = useApp((s) => s.matrixEdit);
  if (edit.status === 'saving') {
    return (
      <p role="status" className="status-line loading">
        <span className="spinner" aria-hidden="true" />
        Saving…
      </p>
    );
  }
  if (edit.status === 'saved') {
    return (
      <p role="status" className="notice notice-ok" data-testid="edit-status">
        {edit.useCase}: {edit.message}
      </p>
    );
  }
  if (edit.status === 'error' && edit.error) return <ErrorNotice error={edit.error} context={`Editing ${edit.useCase ?? 'the use case'}`} />;
  return null;
}
