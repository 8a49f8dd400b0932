import type { Slice } from './store.ts';

export const screens = ['data', 'matrix', 'optimize', 'compare', 'portfolio', 'book', 'cluster', 'account', 'frontier', 'runs', 'bench', 'settings'] as const;
export type Screen = (typeof screens)[number];

export interface NavigationSlice {
  screen: Screen;
  go(screen: Screen): void;
}

export function screenFromHash(hash: string): Screen | null {
  const name = hash.replace(/^#\/?/, '');
  return (screens as readonly string[]).includes(name) ? (name as Screen) : null;
}

export const navigationSlice: Slice<NavigationSlice> = (set) => ({
  // the address's screen from the first render: opening #book must not mount the Data screen first, whose loads would hold up the Book's
  screen: screenFromHash(globalThis.location?.hash ?? '') ?? 'data',
  go: (screen) => set({ screen }),
});
