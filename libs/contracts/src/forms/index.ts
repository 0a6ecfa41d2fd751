import { settle } from './settle';
import * as measureFacts from './measure-facts';
import * as taskForms from './task-forms';
import * as waysIn from './ways-in';

export * from './fields';
export * from './households';
export * from './measure-facts';
export * from './personal-numbers';
export * from './problems';
export * from './resident-id';
export * from './samples';
export * from './task-forms';
export * from './ways-in';
export * from './policy';
export * from './village-meetings';

/**
 * Readies the forms for the frozen workflow sandbox (see settle.ts): the workflow bundle's entry
 * calls it while the worker preloads the shared modules, before it freezes them. Processes that
 * never freeze them need not pay for it.
 */
export function settleForms(): void {
  settle([...Object.values(taskForms), ...Object.values(measureFacts), ...Object.values(waysIn)]);
}
