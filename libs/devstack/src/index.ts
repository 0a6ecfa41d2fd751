export * from './infrastructure';
export * from './log';
export * from './paths';
export * from './ports';
export * from './services';
export * from './temporal-cli';
export * from './demo/accounts';
export * from './demo/walk';
export { DemoPolicy } from './demo/policy';
