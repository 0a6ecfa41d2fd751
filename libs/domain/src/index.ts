export * from './determination';
export * from './divisions/divisions';
export * from './resident-id';
