export * from './dimensions.ts';
export * from './builtin.ts';
export * from './strategy-hooks.ts';
export * from './search-space.ts';
export * from './apply.ts';
