export { householdCase } from './household-case.workflow';
export { noopWorkflow } from './noop.workflow';
