/**
 * The benchmark's workflows beside the production ones: `npm run bench` runs its worker on the
 * bundle of this module (`bench-workflow-bundle.js`), the production bundle holds none of these.
 */
export * from '../index';
export { noopWorkflow } from './noop.workflow';
export { benchCounterWorkflow } from './counter.workflow';
