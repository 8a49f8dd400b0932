import type { ReactNode } from 'react';

/** A loading or empty state: one polite line that screen readers announce. */
export function Loading({ label }: { label: string }) {
  return (
    <p role="status" aria-live="polite" className="status-line loading">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <p className="status-line empty" data-testid="empty-state">
      {children}
    </p>
  );
}
