import type { ReactNode } from 'react';
import type { Loadable } from '../state/loadable.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Empty, Loading } from './StatusLine.tsx';

interface Props<T> {
  value: Loadable<T>;
  /** e.g. "Loading universes" */
  loadingLabel: string;
  /** shown instead of the children when the value has nothing to show */
  isEmpty?: (value: T) => boolean;
  empty?: ReactNode;
  children: (value: T) => ReactNode;
}

/** Loading, error, empty or the value: the four states every panel of the workbench has. */
export function LoadableView<T>({ value, loadingLabel, isEmpty, empty, children }: Props<T>) {
  if (value.status === 'idle') return null;
  if (value.status === 'error') return <ErrorNotice error={value.error} context={loadingLabel.replace(/…$/, '')} />;
  if (value.status === 'loading' && value.value === undefined) return <Loading label={loadingLabel} />;
  const v = value.value as T;
  if (isEmpty?.(v)) return <Empty>{empty}</Empty>;
  return (
    <div className={value.status === 'loading' ? 'refreshing' : undefined} aria-busy={value.status === 'loading'}>
      {children(v)}
    </div>
  );
}
