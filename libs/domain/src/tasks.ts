import {
  CaseStages,
  CodePattern,
  ErrorCodes,
  LabourCapacities,
  TaskRoles,
  type Actor,
  type CaseStage,
  type DivisionCodes,
  type ErrorCode,
  type ObjectionLodging,
  type Role,
  type TaskCompletion,
  type TaskKind,
} from '@fanpin/contracts';

import { inJurisdiction } from './access';
import type { DecisionProblem } from './determination';

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
}

/** The part of a case's state that decides whether a task may be completed. */
export interface TaskContext {
  householdKey: string;
  divisions: DivisionCodes;
  openTasks: readonly OpenTaskRef[];
  completedTaskIds: readonly string[];
}

/** The part of a case's state that decides whether an objection may be lodged. */
export interface ObjectionContext {
  householdKey: string;
  divisions: DivisionCodes;
  stage: CaseStage;
  /** Objections already lodged: lodging one again is idempotent, not an error. */
  objectionIds: readonly string[];
}

const OBJECTION_ROLES: readonly Role[] = ['village-cadre', 'village-committee', 'township-officer'];
const MAX_YUAN = 10_000_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// ---- Shapes: what each field must be. Messages name the field, never the value. ----------------

interface Field {
  /** What is wrong with the value at `path`, or null. */
  problem: (value: unknown, path: string) => string | null;
  optional?: true;
}
type Shape = Readonly<Record<string, Field>>;
type Fields = Record<string, unknown>;

/**
 * An object, not an array or null. Only its own keys are read, so a borrowed prototype (`__proto__`
 * in an object literal, Object.create) adds nothing, and a `__proto__` key of JSON is an extra key.
 */
function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isCode = (value: unknown): value is string =>
  typeof value === 'string' && CodePattern.test(value);

const isYuan = (value: unknown): boolean =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_YUAN;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A real calendar date written YYYY-MM-DD. */
export function isCalendarDate(value: unknown): value is string {
  const parts = typeof value === 'string' ? DATE.exec(value) : null;
  if (!parts) return false;
  const [year, month, day] = parts.slice(1).map(Number) as [number, number, number];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** An array of at most `max` distinct items, each `ok` (holes count as undefined). */
function distinctList(max: number, ok: (item: unknown) => boolean) {
  return (value: unknown): boolean => {
    if (!Array.isArray(value) || value.length > max) return false;
    const items: unknown[] = [...(value as unknown[])];
    return items.every(ok) && new Set(items).size === items.length;
  };
}

const field = (must: string, ok: (value: unknown) => boolean): Field => ({
  problem: (value, path) => (ok(value) ? null : `${path} must be ${must}`),
});
const optional = (f: Field): Field => ({ ...f, optional: true });
const oneOf = (values: readonly string[]): Field =>
  field(`one of ${values.join(', ')}`, (v) => values.includes(v as string));
const yuan = field('a number of yuan from 0 to 10,000,000', isYuan);
const date = field('a real date written YYYY-MM-DD', isCalendarDate);
const CODE = 'a code (letters, digits and . _ : -)';
const code = field(CODE, isCode);
const boolean = field('true or false', (v) => typeof v === 'boolean');

/** Why `value` does not fit `shape`: extra, missing or malformed fields; null when it fits. */
function shapeProblem(value: unknown, shape: Shape, path: string): string | null {
  if (!isRecord(value)) return `${path} must be an object`;
  // An unknown key is never echoed: it is the caller's text and might carry personal data.
  const extra = Reflect.ownKeys(value).some(
    (k) => typeof k !== 'string' || !Object.hasOwn(shape, k),
  );
  if (extra) return `${path} has a field it does not take`;
  for (const [name, f] of Object.entries(shape)) {
    const found = Object.hasOwn(value, name)
      ? f.problem(value[name], `${path}.${name}`)
      : f.optional
        ? null
        : `${path}.${name} is required`;
    if (found) return found;
  }
  return null;
}

const nested = (shape: Shape): Field => ({
  problem: (value, path) => shapeProblem(value, shape, path),
});

const assurances: Shape = Object.fromEntries(
  [
    'food',
    'clothing',
    'compulsoryEducation',
    'basicMedical',
    'safeHousing',
    'safeDrinkingWater',
  ].map((name) => [name, boolean]),
);

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

const bodies: Record<
  Exclude<TaskKind, 'city-determination'>,
  [Shape, (b: Fields) => string | null]
> = {
  'village-verification': [villageVerification, villageRules],
  'democratic-appraisal': [democraticAppraisal, (b) => reasonRule(b, 'rejected')],
  'objection-review': [objectionReview, () => null],
  'township-verification': [townshipVerification, townshipRules],
  'manual-national-entry': [manualNationalEntry, () => null],
};

function bodyProblem(kind: keyof typeof bodies, body: unknown): string | null {
  const [shape, rules] = bodies[kind];
  return shapeProblem(body, shape, 'body') ?? rules(body as Fields);
}

// ---- The checks the workflow's Update validators call. -------------------------------------------

function problem(code: ErrorCode, message: string): DecisionProblem {
  return { code, message };
}

/** Whether `actor` holds one of `roles` and the household lies in its jurisdiction. */
function mayAct(actor: unknown, roles: readonly Role[], context: TaskContext | ObjectionContext) {
  if (!isRecord(actor) || !roles.includes(actor.role as Role) || !isCode(actor.id)) {
    return false;
  }
  if (typeof actor.divisionCode !== 'string') return false;
  const household = {
    householdKey: context.householdKey,
    villageCode: context.divisions.villageCode,
  };
  return inJurisdiction(actor as unknown as Actor, household);
}

/** Whether an envelope (completion or lodging) has exactly the expected top-level keys or fewer. */
function hasOnlyKeys(value: Fields, keys: readonly string[]): boolean {
  return Reflect.ownKeys(value).every((k) => typeof k === 'string' && keys.includes(k));
}

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
  if (!isRecord(c) || typeof c.taskId !== 'string' || c.taskId === '') {
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
  if (!mayAct(c.actor, [role], context)) {
    return problem(
      ErrorCodes.accessDenied,
      `only a ${role} of this household completes a ${task.kind}`,
    );
  }
  if (!hasOnlyKeys(c, ['taskId', 'actor', 'body'])) {
    return problem(ErrorCodes.decisionInvalid, 'the completion has a field it does not take');
  }
  const message = bodyProblem(task.kind, c.body);
  return message ? problem(ErrorCodes.decisionInvalid, `${task.kind}: ${message}`) : null;
}

/**
 * Whether an objection may be lodged now: during the public notice, by village or township staff of
 * the household. The same objectionId twice is not refused here: the workflow treats it as a no-op.
 */
export function checkObjection(
  context: ObjectionContext,
  lodging: ObjectionLodging,
): DecisionProblem | null {
  if (context.stage !== CaseStages.publicNotice) {
    return problem(
      ErrorCodes.caseWrongStage,
      'objections are lodged during the public notice only',
    );
  }
  const l: unknown = lodging;
  if (!isRecord(l) || !mayAct(l.actor, OBJECTION_ROLES, context)) {
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
