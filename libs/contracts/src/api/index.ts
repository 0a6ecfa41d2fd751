import { settle } from '../forms/settle';
import * as accounts from './accounts';
import * as alerts from './alerts';
import * as audit from './audit';
import * as auth from './auth';
import * as batches from './batches';
import * as calendar from './calendar';
import * as cases from './cases';
import * as codec from './codec';
import * as divisions from './divisions';
import * as errors from './errors';
import * as health from './health';
import * as households from './households';
import * as inbox from './inbox';
import * as reports from './reports';
import * as waysIn from './ways-in';

/**
 * The API's answers, each defined once: the TypeScript type (`z.infer`), and the OpenAPI component
 * (its `id`) that the document references and clients are generated from.
 */
export * from './accounts';
export * from './alerts';
export * from './audit';
export * from './auth';
export * from './batches';
export * from './calendar';
export * from './cases';
export * from './codec';
export * from './divisions';
export * from './errors';
export * from './health';
export * from './households';
export * from './inbox';
export * from './reports';
export * from './ways-in';

// Loaded into the frozen workflow sandbox with the forms: see settle.ts.
const areas: readonly object[] = [
  accounts,
  alerts,
  audit,
  auth,
  batches,
  calendar,
  cases,
  codec,
  divisions,
  errors,
  health,
  households,
  inbox,
  reports,
  waysIn,
];
settle(areas.flatMap((area): unknown[] => Object.values(area)));
