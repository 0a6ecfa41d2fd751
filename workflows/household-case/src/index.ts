export { householdCase } from './household-case.workflow';
export { noopWorkflow } from './noop.workflow';
export { benchCounterWorkflow } from './bench.workflow';
