import { settle } from './settle';
import * as taskForms from './task-forms';
import * as waysIn from './ways-in';

export * from './fields';
export * from './personal-numbers';
export * from './problems';
export * from './resident-id';
export * from './task-forms';
export * from './ways-in';

// The forms are read inside the frozen workflow sandbox: see settle.ts.
settle([...Object.values(taskForms), ...Object.values(waysIn)]);
