export * from './envelope.ts';
export * from './methods.ts';
export * from './domain.ts';
export type * from './transport.ts';
