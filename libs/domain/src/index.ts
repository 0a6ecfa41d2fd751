export * from './determination';
export * from './divisions/divisions';
export * from './resident-id';
export * from './access';
export * from './personal-data';
export * from './deadline';
export * from './tasks';
