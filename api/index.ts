export * from './envelope.ts';
export * from './methods.ts';
export * from './domain.ts';
export type * from './transport.ts';
export * from './jobs.ts';
export * from './events.ts';
export type * from './market.ts';
export type * from './runs.ts';
export type * from './useCases.ts';
