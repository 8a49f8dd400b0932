import type { ApiError } from '../../../api/envelope.ts';

/** What a screen shows for data it asked the core for: nothing yet, loading, the value, or the error. */
export type Loadable<T> =
  | { status: 'idle' }
  | { status: 'loading'; value?: T }
  | { status: 'ready'; value: T }
  | { status: 'error'; error: ApiError; value?: T };

export const idle = { status: 'idle' } as const;

export function loading<T>(previous?: Loadable<T>): Loadable<T> {
  return previous && 'value' in previous && previous.value !== undefined ? { status: 'loading', value: previous.value } : { status: 'loading' };
}

export function valueOf<T>(l: Loadable<T>): T | undefined {
  return 'value' in l ? l.value : undefined;
}
