export { householdCase } from './household-case.workflow';
export { alertBatch } from './alert-batch.workflow';
export { deadlineRecount } from './deadline-recount.workflow';
export { noopWorkflow } from './noop.workflow';
export { benchCounterWorkflow } from './bench.workflow';
export {
  periodicReport,
  halfMonthlyReport,
  bureauExchangeReport,
  scaleRiskReport,
} from './report.workflow';
