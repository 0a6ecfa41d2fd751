import {
  CaseStages,
  Departments,
  ErrorCodes,
  LabourCapacities,
  MeasureKinds,
  Stabilities,
  TaskRoles,
  type CaseStage,
  type EliminationRollback,
  type FollowUpVisitBody,
  type DivisionCodes,
  type ErrorCode,
  type ObjectionLodging,
  type Role,
  type TaskCompletion,
  type TaskKind,
} from '@fanpin/contracts';

import { outsideJurisdiction } from './access';
import {
  CODE,
  assurances,
  boolean,
  code,
  date,
  distinctList,
  field,
  isCode,
  isRecord,
  nested,
  oneOf,
  optional,
  shapeProblem,
  yuan,
  type Fields,
  type Shape,
} from './shape';

export { isCalendarDate } from './shape';
import { outOfScope, type DecisionProblem } from './determination';

/** Risk types (风险类型) a township records on re-verification. */
export const RiskTypeCodes = [
  'ILLNESS',
  'DISABILITY',
  'EDUCATION',
  'DISASTER',
  'ACCIDENT',
  'EPIDEMIC',
  'INCOME_DROP',
  'LABOUR_LOSS',
  'ELDERLY_CARE',
  'OTHER',
] as const;
export type RiskTypeCode = (typeof RiskTypeCodes)[number];

/** An open task of a case, as the workflow keeps it. */
export interface OpenTaskRef {
  taskId: string;
  kind: TaskKind;
  /** Assistance measures: the department that reports on it, and its progress so far. */
  department?: string;
  progress?: number;
}

/** The part of a case's state that decides whether a task may be completed. */
export interface TaskContext {
  householdKey: string;
  divisions: DivisionCodes;
  openTasks: readonly OpenTaskRef[];
  completedTaskIds: readonly string[];
  /** The policy's income line (yuan per person per year), for elimination proposals. */
  incomeLine?: number;
}

/** The task id of an assistance measure. */
export const measureTaskId = (measureId: string): string => `measure-${measureId}`;

/** At most this many measures in one plan. */
export const MaxMeasures = 20;

/** The part of a case's state that decides whether an objection may be lodged. */
export interface ObjectionContext {
  householdKey: string;
  divisions: DivisionCodes;
  stage: CaseStage;
  /** Objections already lodged: lodging one again is idempotent, not an error. */
  objectionIds: readonly string[];
}

const OBJECTION_ROLES: readonly Role[] = ['village-cadre', 'village-committee', 'township-officer'];
const villageVerification: Shape = {
  outcome: oneOf(['nominate', 'not-at-risk']),
  incomePerCapita: yuan,
  lastYearIncomePerCapita: yuan,
  rigidExpenses: yuan,
  assurances: nested(assurances),
  labourCapacity: oneOf(LabourCapacities),
  triggers: field(
    'distinct screening triggers 1–7',
    distinctList(7, (t) => Number.isInteger(t) && (t as number) >= 1 && (t as number) <= 7),
  ),
  commitmentSigned: boolean,
  commitmentSignedOn: optional(date),
  reasonCode: optional(code),
};

const democraticAppraisal: Shape = {
  outcome: oneOf(['approved', 'rejected']),
  heldOn: date,
  reasonCode: optional(code),
};

const objectionReview: Shape = { upheld: boolean, reasonCode: code };

const townshipVerification: Shape = {
  outcome: oneOf(['confirm', 'reject']),
  visitedOn: date,
  riskTypes: field(
    `distinct risk types (${RiskTypeCodes.join(', ')})`,
    distinctList(RiskTypeCodes.length, (t) => RiskTypeCodes.includes(t as RiskTypeCode)),
  ),
  ledgerEntry: code,
  reasonCode: optional(code),
};

const manualNationalEntry: Shape = { entryId: code, enteredOn: date };

const departments = (max: number) =>
  distinctList(max, (d) => Departments.includes(d as (typeof Departments)[number]));

const measure: Shape = {
  measureId: code,
  kind: oneOf(MeasureKinds),
  measureCode: code,
  leadDepartment: oneOf(Departments),
  responsibleDepartments: field(
    `distinct departments (${Departments.join(', ')})`,
    departments(Departments.length),
  ),
  dueOn: date,
};

const assistancePlan: Shape = {
  measures: {
    problem: (value, path) => {
      if (!Array.isArray(value) || value.length === 0 || value.length > MaxMeasures) {
        return `${path} must be a list of 1 to ${MaxMeasures} measures`;
      }
      for (const [i, item] of [...(value as unknown[])].entries()) {
        const found = shapeProblem(item, measure, `${path}[${i}]`);
        if (found) return found;
      }
      return null;
    },
  },
  announcedOn: date,
};

const assistanceMeasure: Shape = {
  status: oneOf(['in-progress', 'done']),
  percent: field(
    'a whole number from 0 to 100',
    (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 100,
  ),
  reportedOn: date,
  noteCode: optional(code),
};

const followUpVisit: Shape = {
  visitedOn: date,
  incomePerCapita: yuan,
  rigidExpenses: yuan,
  assurances: nested(assurances),
  labourCapacity: oneOf(LabourCapacities),
  stability: oneOf(Stabilities),
  proposeElimination: boolean,
};

const eliminationTownship: Shape = {
  outcome: oneOf(['confirm', 'reject']),
  visitedOn: date,
  reasonCode: optional(code),
};

const eliminationCity: Shape = {
  outcome: oneOf(['eliminate', 'keep']),
  reasonCode: optional(code),
};

// ---- Rules between fields, once the shape fits. --------------------------------------------------

/** A reason code goes with the negative outcome only. */
function reasonRule(body: Fields, negative: string): string | null {
  const hasReason = body.reasonCode !== undefined;
  if (body.outcome === negative) return hasReason ? null : `a ${negative} outcome needs reasonCode`;
  return hasReason ? `a ${String(body.outcome)} outcome takes no reasonCode` : null;
}

function villageRules(body: Fields): string | null {
  if (body.outcome === 'nominate') {
    if (body.commitmentSigned !== true)
      return 'a nomination needs the signed commitment (commitmentSigned)';
    if (body.commitmentSignedOn === undefined) return 'a nomination needs commitmentSignedOn';
    if ((body.triggers as unknown[]).length === 0)
      return 'a nomination needs at least one of triggers';
  }
  if (body.commitmentSignedOn !== undefined && body.commitmentSigned !== true) {
    return 'commitmentSignedOn goes with commitmentSigned true';
  }
  return reasonRule(body, 'not-at-risk');
}

function townshipRules(body: Fields): string | null {
  if (body.outcome === 'confirm' && (body.riskTypes as unknown[]).length === 0) {
    return 'a confirmation needs at least one of riskTypes';
  }
  return reasonRule(body, 'reject');
}

function planRules(body: Fields): string | null {
  const measures = body.measures as Fields[];
  const ids = new Set(measures.map((m) => m.measureId));
  if (ids.size !== measures.length) return 'each measure needs its own measureId';
  for (const m of measures) {
    if ((m.responsibleDepartments as string[]).includes(m.leadDepartment as string)) {
      return 'a lead department is not also one of its responsibleDepartments';
    }
  }
  return null;
}

function measureRules(body: Fields): string | null {
  if (body.status === 'done' && body.percent !== 100) return 'a done measure is at 100 percent';
  if (body.status === 'in-progress' && body.percent === 100) {
    return 'a measure at 100 percent is reported done';
  }
  return null;
}

const bodies: Record<
  Exclude<TaskKind, 'city-determination'>,
  [Shape, (b: Fields) => string | null]
> = {
  'village-verification': [villageVerification, villageRules],
  'democratic-appraisal': [democraticAppraisal, (b) => reasonRule(b, 'rejected')],
  'objection-review': [objectionReview, () => null],
  'township-verification': [townshipVerification, townshipRules],
  'manual-national-entry': [manualNationalEntry, () => null],
  'assistance-plan': [assistancePlan, planRules],
  'assistance-measure': [assistanceMeasure, measureRules],
  'follow-up-visit': [followUpVisit, () => null],
  'elimination-appraisal': [democraticAppraisal, (b) => reasonRule(b, 'rejected')],
  'elimination-township': [eliminationTownship, (b) => reasonRule(b, 'reject')],
  'elimination-city': [eliminationCity, (b) => reasonRule(b, 'keep')],
};

/**
 * Why a household may not be proposed for risk elimination (plan §4.4), or null when it may: a
 * household without labour capacity is never marked eliminated (tracking continues); a weakly
 * stable or at-risk one keeps its assistance; income must be above the policy's line, and 两不愁三保障
 * and safe drinking water secure.
 */
export function eliminationProblem(
  visit: Pick<FollowUpVisitBody, 'labourCapacity' | 'stability' | 'incomePerCapita' | 'assurances'>,
  incomeLine: number,
): DecisionProblem | null {
  if (visit.labourCapacity === 'none') {
    return problem(
      ErrorCodes.eliminationRefused,
      'a household without labour capacity is never marked eliminated: tracking continues',
    );
  }
  if (visit.stability !== 'stable') {
    return problem(
      ErrorCodes.eliminationRefused,
      'only a stable household is proposed for elimination: a weakly stable one keeps its assistance',
    );
  }
  if (!(visit.incomePerCapita > incomeLine)) {
    return problem(
      ErrorCodes.eliminationRefused,
      'income per person is not above the policy income line',
    );
  }
  if (Object.values(visit.assurances).some((secure) => secure !== true)) {
    return problem(
      ErrorCodes.eliminationRefused,
      'two assurances, three guarantees and drinking water must all be secure',
    );
  }
  return null;
}

function bodyProblem(kind: keyof typeof bodies, body: unknown): string | null {
  const [shape, rules] = bodies[kind];
  return shapeProblem(body, shape, 'body') ?? rules(body as Fields);
}

// ---- The checks the workflow's Update validators call. -------------------------------------------

function problem(code: ErrorCode, message: string): DecisionProblem {
  return { code, message };
}

/** Whether the actor of an Update lies outside the jurisdiction of the case's household. */
function outside(actor: unknown, context: TaskContext | ObjectionContext | RollbackContext) {
  return outsideJurisdiction(actor, {
    householdKey: context.householdKey,
    villageCode: context.divisions.villageCode,
  });
}

/**
 * Whether `actor` holds one of `roles` (with a code for an id); for a measure's task, also whether it
 * belongs to the measure's lead department. Jurisdiction is not asked again: every validator has
 * refused an actor `outside` it before.
 */
function actsAs(actor: unknown, roles: readonly Role[], department?: string): boolean {
  if (!isRecord(actor) || !roles.includes(actor.role as Role) || !isCode(actor.id)) {
    return false;
  }
  return department === undefined || actor.org === department;
}

/** Whether an envelope (completion or lodging) has exactly the expected top-level keys or fewer. */
function hasOnlyKeys(value: Fields, keys: readonly string[]): boolean {
  return Reflect.ownKeys(value).every((k) => typeof k === 'string' && keys.includes(k));
}

const ROUTE = /^\/[A-Za-z0-9/:._-]{0,200}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** The request stamp a completion may carry for the audit log (`TaskCompletion.audit`). */
const requestStamp: Shape = {
  at: field('an ISO 8601 instant', (v) => typeof v === 'string' && INSTANT.test(v)),
  method: oneOf(['POST']),
  route: field('a route pattern', (v) => typeof v === 'string' && ROUTE.test(v)),
  correlationId: field(`${CODE} or null`, (v) => v === null || isCode(v)),
};

/**
 * Whether a staff member may complete one of the case's open tasks with this body. Pure: the
 * workflow's `completeTask` Update validator calls it, so that a refused completion writes nothing.
 * Messages carry field names and task kinds only, never a value the caller sent.
 */
export function checkTaskCompletion(
  context: TaskContext,
  completion: TaskCompletion,
): DecisionProblem | null {
  const c: unknown = completion;
  if (!isRecord(c)) return problem(ErrorCodes.decisionInvalid, 'the completion is not an object');
  // Scope first: outside it, nothing about the case's tasks is told.
  if (outside(c.actor, context)) return outOfScope();
  if (typeof c.taskId !== 'string' || c.taskId === '') {
    return problem(ErrorCodes.decisionInvalid, 'taskId is required');
  }
  const taskId = c.taskId;
  if (context.completedTaskIds.includes(taskId)) {
    return problem(ErrorCodes.taskAlreadyDone, 'the task is already completed');
  }
  const task = context.openTasks.find((t) => t.taskId === taskId);
  if (!task) return problem(ErrorCodes.taskNotOpen, 'the task is not open in this case');
  if (task.kind === 'city-determination') {
    return problem(ErrorCodes.caseWrongStage, 'the city determination is taken through determine');
  }
  const { role } = TaskRoles[task.kind];
  if (!actsAs(c.actor, [role], task.department)) {
    return problem(
      ErrorCodes.accessDenied,
      task.department
        ? `only the lead department ${task.department} reports on this measure`
        : `only a ${role} of this household completes a ${task.kind}`,
    );
  }
  if (!hasOnlyKeys(c, ['taskId', 'actor', 'body', 'audit'])) {
    return problem(ErrorCodes.decisionInvalid, 'the completion has a field it does not take');
  }
  if (c.audit !== undefined) {
    const stamp = shapeProblem(c.audit, requestStamp, 'audit');
    if (stamp) return problem(ErrorCodes.decisionInvalid, stamp);
  }
  const message = bodyProblem(task.kind, c.body);
  if (message) return problem(ErrorCodes.decisionInvalid, `${task.kind}: ${message}`);
  return contextProblem(context, task, c.body as Fields);
}

/** Rules between a valid body and the case's state. */
function contextProblem(
  context: TaskContext,
  task: OpenTaskRef,
  body: Fields,
): DecisionProblem | null {
  switch (task.kind) {
    case 'assistance-measure':
      if ((body.percent as number) < (task.progress ?? 0)) {
        return problem(
          ErrorCodes.decisionInvalid,
          'assistance-measure: percent is below the progress already reported',
        );
      }
      return null;
    case 'assistance-plan': {
      const used = (body.measures as Fields[]).some((m) => {
        const id = measureTaskId(m.measureId as string);
        return (
          context.completedTaskIds.includes(id) || context.openTasks.some((t) => t.taskId === id)
        );
      });
      return used
        ? problem(
            ErrorCodes.decisionInvalid,
            'assistance-plan: a measureId is already in use in this case',
          )
        : null;
    }
    case 'follow-up-visit':
      if (body.proposeElimination !== true) return null;
      return eliminationProblem(
        body as unknown as FollowUpVisitBody,
        context.incomeLine ?? Number.POSITIVE_INFINITY,
      );
    default:
      return null;
  }
}

/**
 * Whether an objection may be lodged now: during the public notice, by village or township staff of
 * the household. The same objectionId twice is not refused here: the workflow treats it as a no-op.
 */
export function checkObjection(
  context: ObjectionContext,
  lodging: ObjectionLodging,
): DecisionProblem | null {
  const l: unknown = lodging;
  if (!isRecord(l)) return problem(ErrorCodes.decisionInvalid, 'the objection is not an object');
  if (outside(l.actor, context)) return outOfScope();
  if (context.stage !== CaseStages.publicNotice) {
    return problem(
      ErrorCodes.caseWrongStage,
      'objections are lodged during the public notice only',
    );
  }
  if (!actsAs(l.actor, OBJECTION_ROLES)) {
    return problem(
      ErrorCodes.accessDenied,
      'only village or township staff of this household lodge an objection',
    );
  }
  if (!hasOnlyKeys(l, ['objectionId', 'groundsCode', 'actor'])) {
    return problem(ErrorCodes.decisionInvalid, 'the objection has a field it does not take');
  }
  if (!isCode(l.objectionId))
    return problem(ErrorCodes.decisionInvalid, `objectionId must be ${CODE}`);
  if (!isCode(l.groundsCode))
    return problem(ErrorCodes.decisionInvalid, `groundsCode must be ${CODE}`);
  return null;
}

/** The part of a case's state that decides whether a risk-eliminated mark may be rolled back. */
export interface RollbackContext {
  householdKey: string;
  divisions: DivisionCodes;
  stage: CaseStage;
}

/**
 * Whether the city bureau may roll back the case's risk-eliminated mark (风险消除回退): only while the
 * case stands eliminated, only the city bureau of the household, with a reason code.
 */
export function checkRollback(
  context: RollbackContext,
  rollback: EliminationRollback,
): DecisionProblem | null {
  const r: unknown = rollback;
  if (!isRecord(r)) return problem(ErrorCodes.decisionInvalid, 'the rollback is not an object');
  if (outside(r.actor, context)) return outOfScope();
  if (context.stage !== CaseStages.riskEliminated) {
    return problem(ErrorCodes.caseWrongStage, 'only a risk-eliminated case is rolled back');
  }
  if (!actsAs(r.actor, ['city-bureau'])) {
    return problem(
      ErrorCodes.accessDenied,
      'only the city bureau of this household rolls back an elimination',
    );
  }
  if (!hasOnlyKeys(r, ['rollbackId', 'reasonCode', 'actor'])) {
    return problem(ErrorCodes.decisionInvalid, 'the rollback has a field it does not take');
  }
  if (!isCode(r.rollbackId))
    return problem(ErrorCodes.decisionInvalid, `rollbackId must be ${CODE}`);
  if (!isCode(r.reasonCode))
    return problem(ErrorCodes.decisionInvalid, `reasonCode must be ${CODE}`);
  return null;
}
