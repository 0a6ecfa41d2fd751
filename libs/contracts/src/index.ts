export * from './activities';
export * from './case';
export * from './case-start';
export * from './errors';
export * from './messages';
export * from './national-system';
export * from './search-attributes';
export * from './task-queues';
