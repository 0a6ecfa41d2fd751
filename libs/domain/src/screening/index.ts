export * from './figures';
export * from './finding';
export * from './policy';
export * from './screen';
export * from './policy-years';
