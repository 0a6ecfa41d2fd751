import { settleForms } from '@fanpin/contracts';

export { householdCase } from './household-case.workflow';
export { alertBatch } from './alert-batch.workflow';
export { deadlineRecount } from './deadline-recount.workflow';
export {
  halfMonthlyReport,
  bureauExchangeReport,
  scaleRiskReport,
  // A report of one period started by hand (`reportWorkflowId`): a rerun, or a year so far.
  periodicReport,
} from './report.workflow';

// The forms the Update validators check are settled while the worker preloads this module, before
// it freezes the shared modules (libs/contracts/src/forms/settle.ts).
settleForms();
