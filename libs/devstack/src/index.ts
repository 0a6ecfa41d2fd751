export * from './infrastructure';
export * from './log';
export * from './paths';
export * from './ports';
export * from './services';
export * from './temporal-cli';
