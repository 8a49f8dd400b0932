import { useState, type FormEvent } from 'react';
import { useApp } from '../../state/useApp.ts';

/** Copies the selected use case under a new id and title, to edit it without touching the original. */
export function CopyUseCaseForm() {
  const useCase = useApp((s) => s.selectedUseCase);
  const copy = useApp((s) => s.copyUseCase);
  const busy = useApp((s) => s.matrixEdit.status === 'saving');
  const [newId, setNewId] = useState('');
  const [title, setTitle] = useState('');
  if (!useCase) return null;

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (await copy(useCase, newId.trim(), title)) {
      setNewId('');
      setTitle('');
    }
  };

  return (
    <section className="panel" aria-labelledby="copy-heading">
      <h2 id="copy-heading">Copy {useCase}</h2>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>New id</span>
          <input value={newId} onChange={(e) => setNewId(e.target.value)} required pattern="\S+" placeholder={`${useCase}-copy`} data-testid="copy-id" />
        </label>
        <label className="field">
          <span>Title</span>
          <input value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Index tracking, 3% cap" data-testid="copy-title" />
        </label>
        <div className="actions">
          <button type="submit" disabled={busy || !newId.trim()} data-testid="copy-submit">
            Copy
          </button>
        </div>
      </form>
    </section>
  );
}
