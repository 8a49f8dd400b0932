import { createStore, type StoreApi } from 'zustand';
import type { ApiClient } from '../api/client.ts';
import { benchSlice, type BenchSlice } from './benchSlice.ts';
import { bookSlice, type BookSlice } from './bookSlice.ts';
import { compareSlice, type CompareSlice } from './compareSlice.ts';
import { dataSlice, type DataSlice } from './dataSlice.ts';
import { frontierSlice, type FrontierSlice } from './frontierSlice.ts';
import { matrixSlice, type MatrixSlice } from './matrixSlice.ts';
import { navigationSlice, type NavigationSlice } from './navigationSlice.ts';
import { optimizeSlice, type OptimizeSlice } from './optimizeSlice.ts';
import { portfolioSlice, type PortfolioSlice } from './portfolioSlice.ts';
import { runsSlice, type RunsSlice } from './runsSlice.ts';
import { teamDatabaseSlice, type TeamDatabaseSlice } from './teamDatabaseSlice.ts';
import { yahooImportSlice, type YahooImportSlice } from './yahooImportSlice.ts';

export type AppState = NavigationSlice &
  DataSlice &
  YahooImportSlice &
  MatrixSlice &
  OptimizeSlice &
  CompareSlice &
  PortfolioSlice &
  BookSlice &
  FrontierSlice &
  RunsSlice &
  BenchSlice &
  TeamDatabaseSlice;
export type AppStore = StoreApi<AppState>;

/** One slice of the app state: its fields and actions, with the whole store to read and write and the api client. */
export type Slice<T> = (set: AppStore['setState'], get: AppStore['getState'], client: ApiClient) => T;

export function createAppStore(client: ApiClient): AppStore {
  return createStore<AppState>()((set, get) => ({
    ...navigationSlice(set, get, client),
    ...dataSlice(set, get, client),
    ...yahooImportSlice(set, get, client),
    ...matrixSlice(set, get, client),
    ...optimizeSlice(set, get, client),
    ...compareSlice(set, get, client),
    ...portfolioSlice(set, get, client),
    ...bookSlice(set, get, client),
    ...frontierSlice(set, get, client),
    ...runsSlice(set, get, client),
    ...benchSlice(set, get, client),
    ...teamDatabaseSlice(set, get, client),
  }));
}
