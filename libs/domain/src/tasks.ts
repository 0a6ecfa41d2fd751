import * as z from 'zod';

import {
  CaseStages,
  CodePattern,
  EmergencyReliefForm,
  ErrorCodes,
  FastTrackForm,
  ObjectionForm,
  PlanAppraisalForm,
  RollbackForm,
  TaskForm,
  TaskRoles,
  checkForm,
  isCode,
  problemsSentence,
  text,
  TownshipsUnit,
  measureReportProblem,
  type CaseStage,
  type Department,
  type DivisionCodes,
  type EliminationRollback,
  type ErrorCode,
  type FastTrack,
  type FieldProblem,
  type HouseholdMove,
  type ObjectionLodging,
  type PlanAppraisal,
  type ReliefGrant,
  type ResponsibleUnit,
  type Role,
  type TaskCompletion,
  type TaskKind,
  type TaskFormOf,
} from '@fanpin/contracts';

import { outsideJurisdiction } from './access';
import { divisionsOfVillage } from './divisions/divisions';
import { outOfScope, type DecisionProblem } from './decision';
import { figuresYearOf, lineOfYear, type YearLine } from './screening/policy-years';

/** An open task of a case, as the workflow keeps it. */
export interface OpenTaskRef {
  taskId: string;
  kind: TaskKind;
  /** The role it waits for (said when another task is asked for). */
  awaitingRole?: Role;
  /**
   * Assistance measures: the department that reports on it (for a responsible unit's part, that
   * department; none for the township's), its measure and code, and its progress so far.
   */
  department?: string;
  measureId?: string;
  measureCode?: string;
  progress?: number;
}

/** The part of a case's state that decides whether a task may be completed. */
export interface TaskContext {
  householdKey: string;
  divisions: DivisionCodes;
  stage: CaseStage;
  openTasks: readonly OpenTaskRef[];
  completedTaskIds: readonly string[];
  /** Tasks withdrawn without completion (cancelled measures): their ids are not free again. */
  withdrawnTaskIds: readonly string[];
  /**
   * The income line (yuan per person per year) the case was started with: figures of a year before
   * any of `yearLines` are judged against it.
   */
  incomeLine: number;
  /** The policy's bound on rigid expenses, in percent of the household's income. */
  rigidExpensesPercent: number;
  /**
   * The household has no labour capacity and the plan in force holds no social-security measure
   * (综合保障): a plan now must bring one.
   */
  safetyNetRequired?: boolean;
  /** The published lines of each year the case keeps (until the city bureau moves it). */
  yearLines?: readonly YearLine[];
  /** Visits in a row before this one that met the elimination rules. */
  stableVisits: number;
  /** The policy's number of such visits in a row, the proposing one included, for a proposal. */
  stableVisitsForElimination: number;
}

/** The task id of an assistance measure. */
export const measureTaskId = (measureId: string): string => `measure-${measureId}`;

/** The task id of a responsible unit's part in a measure (责任单位). */
export const contributionTaskId = (measureId: string, unit: ResponsibleUnit): string =>
  `part-${measureId}-${unit}`;

/**
 * Who reports a responsible unit's part: the department's accounts, or for `townships` the
 * officers of the household's township (their jurisdiction is checked like any task's).
 */
export function contributionTask(
  measureId: string,
  unit: ResponsibleUnit,
): {
  measureId: string;
  awaitingRole: 'lead-department' | 'township-officer';
  department?: Department;
} {
  return unit === TownshipsUnit
    ? { measureId, awaitingRole: 'township-officer' }
    : { measureId, awaitingRole: 'lead-department', department: unit };
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

function problem(code: ErrorCode, message: string, details?: FieldProblem[]): DecisionProblem {
  return { code, message, ...(details ? { details } : {}) };
}

/** A form that does not fit: every problem, as the API answers them (400 INPUT.INVALID). */
function formProblem(problems: FieldProblem[]): DecisionProblem {
  return problem(ErrorCodes.inputInvalid, problemsSentence(problems), problems);
}

/**
 * Why a household may not be proposed for risk elimination (plan §4.4), or null when it may: a
 * household without labour capacity is never marked eliminated (tracking continues); a weakly
 * stable or at-risk one keeps its assistance; income must be above the policy's line, and 两不愁三保障
 * and safe drinking water secure.
 */
export function eliminationProblem(
  visit: Pick<
    TaskFormOf<'follow-up-visit'>,
    | 'labourCapacity'
    | 'stability'
    | 'incomePerCapita'
    | 'assurances'
    | 'rigidExpenses'
    | 'householdSize'
  >,
  policy: { incomeLine: number; rigidExpensesPercent: number },
): DecisionProblem | null {
  const refused = (message: string) => problem(ErrorCodes.eliminationRefused, message);
  if (visit.labourCapacity === 'none') {
    return refused(
      'a household without labour capacity is never marked eliminated: tracking continues',
    );
  }
  if (visit.stability !== 'stable') {
    return refused(
      'only a stable household is proposed for elimination: a weakly stable one keeps its assistance',
    );
  }
  if (!(visit.incomePerCapita > policy.incomeLine)) {
    return refused('income per person is not above the policy income line');
  }
  // In fen, so that the comparison is exact: expenses × 100 against income × members × percent.
  const expenses = Math.round(visit.rigidExpenses * 100) * 100;
  const income = Math.round(visit.incomePerCapita * 100) * visit.householdSize;
  if (expenses > income * policy.rigidExpensesPercent) {
    return refused(
      `rigid expenses are above ${policy.rigidExpensesPercent} percent of the household's income (income per person × members)`,
    );
  }
  if (Object.values(visit.assurances).some((secure) => secure !== true)) {
    return refused('two assurances, three guarantees and drinking water must all be secure');
  }
  return null;
}

/**
 * The line a visit's income is judged against: that of the year its figures are for (stated, or
 * the year in force on the visit's date) among the lines the case keeps, else the case's own.
 */
export function visitIncomeLine(
  visit: Pick<TaskFormOf<'follow-up-visit'>, 'figuresYear' | 'visitedOn'>,
  context: Pick<TaskContext, 'incomeLine' | 'yearLines'>,
): { incomeLine: number; version: string | null; figuresYear: number } {
  const lines = context.yearLines ?? [];
  const figuresYear = figuresYearOf(visit.figuresYear, visit.visitedOn, lines);
  const fallback = { incomeLine: context.incomeLine, version: null };
  const line = lineOfYear(lines, figuresYear, fallback);
  return { incomeLine: line.incomeLine, version: line.version, figuresYear };
}

/**
 * An elimination proposal at a visit: the visit itself meets the rules, and so did the visits just
 * before it, as many in a row as the policy asks.
 */
function proposalProblem(
  visit: TaskFormOf<'follow-up-visit'>,
  context: Pick<
    TaskContext,
    | 'incomeLine'
    | 'rigidExpensesPercent'
    | 'yearLines'
    | 'stableVisits'
    | 'stableVisitsForElimination'
  >,
): DecisionProblem | null {
  const { incomeLine } = visitIncomeLine(visit, context);
  const own = eliminationProblem(visit, {
    incomeLine,
    rigidExpensesPercent: context.rigidExpensesPercent,
  });
  if (own) return own;
  const before = context.stableVisitsForElimination - 1;
  if (context.stableVisits < before) {
    return problem(
      ErrorCodes.eliminationRefused,
      `the risk is eliminated only after ${context.stableVisitsForElimination} visits in a row that meet the rules: ${context.stableVisits} of the ${before} before this one did`,
    );
  }
  return null;
}

// ---- The checks the workflow's Update validators call. -------------------------------------------

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether the actor of an Update lies outside the jurisdiction of the case's household. */
function outside(actor: unknown, context: { householdKey: string; divisions: DivisionCodes }) {
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
  if (!isRecord(actor) || !roles.includes(actor.role as Role) || !isCode(actor.id)) return false;
  return department === undefined || actor.org === department;
}

/** The request stamp a completion carries for the audit log (`TaskCompletion.audit`). */
const RequestStamp = z.strictObject({
  at: text(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/, 'an instant'),
  method: z.literal('POST'),
  route: text(/^\/[A-Za-z0-9/:._{}-]{0,200}$/, 'a route pattern'),
  correlationId: text(CodePattern, 'a code').nullable(),
});

/**
 * The API's signature of a command (`CommandSignature`): its shape only. Whether it is valid, and
 * whether it is there at all, the workflow's handler decides, so that a forgery is audited.
 */
const Signature = z.strictObject({
  keyId: text(/^[0-9a-f]{8}$/, 'a key id'),
  value: text(/^[0-9a-f]{128}$/, 'a signature'),
});

/** A completion as the API sends it: the form is checked on its own, against its task's kind. */
const Completion = z.strictObject({
  taskId: z.string().min(1),
  actor: z.unknown(),
  body: z.unknown(),
  audit: RequestStamp.optional(),
  signature: Signature.optional(),
});

/** What the case waits for, said to someone who asked for another task. */
function notOpen(context: TaskContext): DecisionProblem {
  const waiting = context.openTasks
    .map((t) => `${t.taskId}${t.awaitingRole ? ` (${t.awaitingRole})` : ''}`)
    .join(', ');
  return problem(
    ErrorCodes.taskNotOpen,
    `the task is not open: the case is at stage ${context.stage}` +
      (waiting ? ` and waits for ${waiting}` : ' and waits for no one'),
  );
}

/**
 * Whether a staff member may complete one of the case's open tasks with this form. Pure: the
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
  if (context.completedTaskIds.includes(c.taskId)) {
    return problem(ErrorCodes.taskAlreadyDone, 'the task is already completed');
  }
  const task = context.openTasks.find((t) => t.taskId === c.taskId);
  if (!task) return notOpen(context);
  // A responsible unit's part waits for its own role: a department's, or the township's.
  const role = task.awaitingRole ?? TaskRoles[task.kind].role;
  if (!actsAs(c.actor, [role], task.department)) {
    return problem(
      ErrorCodes.accessDenied,
      task.department
        ? task.kind === 'measure-contribution'
          ? `only the department ${task.department} reports its part in this measure`
          : `only the lead department ${task.department} reports on this measure`
        : `only a ${role} of this household completes a ${task.kind}`,
    );
  }
  if (!Completion.safeParse(c).success) {
    return problem(ErrorCodes.decisionInvalid, 'the completion is not one the API sends');
  }
  const form = checkForm(TaskForm, c.body);
  if (!form.ok) return formProblem(form.problems);
  if (form.value.kind !== task.kind) {
    return formProblem([
      { field: 'kind', rule: 'one-of', message: `kind must be ${task.kind}, the task's kind` },
    ]);
  }
  return contextProblem(context, task, form.value);
}

/** Rules between a valid form and the case's state. */
function contextProblem(
  context: TaskContext,
  task: OpenTaskRef,
  body: TaskForm,
): DecisionProblem | null {
  switch (body.kind) {
    case 'assistance-measure': {
      if (body.percent < (task.progress ?? 0)) {
        return problem(
          ErrorCodes.decisionInvalid,
          'percent is below the progress already reported',
        );
      }
      // The facts its code requires, of the type it requires (a run before the code was kept on
      // the task is not asked).
      const facts = task.measureCode ? measureReportProblem(task.measureCode, body) : null;
      return facts ? formProblem([facts]) : null;
    }
    case 'assistance-plan': {
      const used = body.measures.some((m) => {
        const id = measureTaskId(m.measureId);
        return (
          context.completedTaskIds.includes(id) ||
          context.withdrawnTaskIds.includes(id) ||
          context.openTasks.some((t) => t.taskId === id)
        );
      });
      if (used) {
        return problem(ErrorCodes.decisionInvalid, 'a measureId is already in use in this case');
      }
      if (context.safetyNetRequired && !body.measures.some((m) => m.kind === 'safety-net')) {
        return problem(
          ErrorCodes.decisionInvalid,
          'a household without labour capacity needs a safety-net measure (综合保障) in its plan',
        );
      }
      const notOpen = (body.endMeasures ?? []).some(
        (m) => !context.openTasks.some((t) => t.taskId === measureTaskId(m.measureId)),
      );
      return notOpen
        ? problem(ErrorCodes.decisionInvalid, 'endMeasures names a measure that is not open')
        : null;
    }
    case 'follow-up-visit':
      return body.proposeElimination ? proposalProblem(body, context) : null;
    default:
      return null;
  }
}

/** An Update's own fields apart from its actor and signature: the form the API took. */
function formOf(value: Record<string, unknown>): Record<string, unknown> | null {
  const form = { ...value };
  if (form.signature !== undefined && !Signature.safeParse(form.signature).success) return null;
  delete form.actor;
  delete form.signature;
  return form;
}

/**
 * What a decision taken on a case outside its tasks (an objection, a rollback) must fit: the stage
 * it is taken at, who takes it, and its form; `what` names it in the refusals.
 */
interface DecisionRule {
  what: string;
  /** The stage it is taken at, or the stages. */
  stage: CaseStage | readonly CaseStage[];
  wrongStage: (stage: CaseStage) => string;
  roles: readonly Role[];
  notYours: string;
  form: z.ZodType;
}

function checkDecision(
  rule: DecisionRule,
  context: { householdKey: string; divisions: DivisionCodes; stage: CaseStage },
  decision: unknown,
): DecisionProblem | null {
  if (!isRecord(decision)) {
    return problem(ErrorCodes.decisionInvalid, `the ${rule.what} is not an object`);
  }
  if (outside(decision.actor, context)) return outOfScope();
  const stages: readonly CaseStage[] = typeof rule.stage === 'string' ? [rule.stage] : rule.stage;
  if (!stages.includes(context.stage)) {
    return problem(ErrorCodes.caseWrongStage, rule.wrongStage(context.stage));
  }
  if (!actsAs(decision.actor, rule.roles)) return problem(ErrorCodes.accessDenied, rule.notYours);
  const fields = formOf(decision);
  if (!fields) {
    return problem(ErrorCodes.decisionInvalid, `the ${rule.what} is not one the API sends`);
  }
  const form = checkForm(rule.form, fields);
  return form.ok ? null : formProblem(form.problems);
}

/**
 * Whether an objection may be lodged now: during the public notice, by village or township staff of
 * the household. The same objectionId twice is not refused here: the workflow treats it as a no-op.
 */
export function checkObjection(
  context: ObjectionContext,
  lodging: ObjectionLodging,
): DecisionProblem | null {
  return checkDecision(
    {
      what: 'objection',
      stage: CaseStages.publicNotice,
      wrongStage: (stage) =>
        `objections are lodged during the public notice only: the case is at stage ${stage}`,
      roles: OBJECTION_ROLES,
      notYours: 'only village or township staff of this household lodge an objection',
      form: ObjectionForm,
    },
    context,
    lodging,
  );
}

/** Identification until the city's determination: emergency relief does not wait for it. */
const IDENTIFICATION_STAGES: readonly CaseStage[] = [
  CaseStages.intake,
  CaseStages.villageVerification,
  CaseStages.democraticAppraisal,
  CaseStages.publicNotice,
  CaseStages.townshipVerification,
  CaseStages.awaitingReport,
  CaseStages.cityDetermination,
];

/**
 * Whether emergency relief (急难社会救助) may be recorded on the case: while identification goes on
 * (once included, relief is a measure of the plan), by the township or the city bureau of the
 * household. The same reliefId twice is not refused here: the workflow answers it again.
 */
export function checkRelief(
  context: { householdKey: string; divisions: DivisionCodes; stage: CaseStage },
  grant: ReliefGrant,
): DecisionProblem | null {
  return checkDecision(
    {
      what: 'relief',
      stage: IDENTIFICATION_STAGES,
      wrongStage: (stage) =>
        `emergency relief is recorded on a case while it is identified: the case is at stage ${stage}`,
      roles: ['township-officer', 'city-bureau'],
      notYours: 'the township or the city bureau of this household records emergency relief',
      form: EmergencyReliefForm,
    },
    context,
    grant,
  );
}

/** Stages in which a case has an assistance plan in force (or one under review). */
const PLAN_STAGES: readonly CaseStage[] = [
  CaseStages.assistancePlanning,
  CaseStages.monitoring,
  CaseStages.eliminationAppraisal,
  CaseStages.eliminationNotice,
  CaseStages.eliminationTownship,
  CaseStages.eliminationCity,
];

/** The part of a case's state that decides whether its plan may be appraised now. */
export interface PlanAppraisalContext {
  householdKey: string;
  divisions: DivisionCodes;
  stage: CaseStage;
  /** The number of the plan in force (0 before the first). */
  plans: number;
  /** Plans a village meeting appraised already. */
  appraisedPlans: readonly number[];
}

/**
 * Whether a village meeting may record its appraisal of the case's plan (plan §4.3: measures go
 * through democratic appraisal and public notice): the village committee of the household, on the
 * plan in force, once.
 */
export function checkPlanAppraisal(
  context: PlanAppraisalContext,
  appraisal: PlanAppraisal,
): DecisionProblem | null {
  const refused = checkDecision(
    {
      what: 'plan appraisal',
      stage: PLAN_STAGES,
      wrongStage: (stage) =>
        `a plan is appraised while the household is monitored: the case is at stage ${stage}`,
      roles: ['village-committee'],
      notYours: 'the village committee of this household appraises its plan',
      form: PlanAppraisalForm,
    },
    context,
    appraisal,
  );
  if (refused) return refused;
  if (appraisal.planNo !== context.plans) {
    return problem(
      ErrorCodes.decisionInvalid,
      `plan ${appraisal.planNo} is not the plan in force (plan ${context.plans})`,
    );
  }
  if (context.appraisedPlans.includes(appraisal.planNo)) {
    return problem(ErrorCodes.taskAlreadyDone, `plan ${appraisal.planNo} was appraised already`);
  }
  return null;
}

/** The part of a case's state that decides whether it may be taken ahead of the cut-off. */
export interface FastTrackContext {
  householdKey: string;
  divisions: DivisionCodes;
  stage: CaseStage;
  /** Emergency relief was recorded on the case: it is a sudden-hardship case. */
  suddenHardship: boolean;
  /** The case's policy lets the city bureau take such a case ahead of the cut-off. */
  allowed: boolean;
}

/**
 * Whether the city bureau may take the case to its determination ahead of the half-monthly cut-off
 * (快速认定): a sudden-hardship case under a policy that allows it, before the city has it.
 */
export function checkFastTrack(
  context: FastTrackContext,
  fastTrack: FastTrack,
): DecisionProblem | null {
  const refused = checkDecision(
    {
      what: 'fast track',
      stage: IDENTIFICATION_STAGES.filter((s) => s !== CaseStages.cityDetermination),
      wrongStage: (stage) =>
        `a case is taken ahead of the cut-off before the city has it: the case is at stage ${stage}`,
      roles: ['city-bureau'],
      notYours: 'only the city bureau of this household takes a case ahead of the cut-off',
      form: FastTrackForm,
    },
    context,
    fastTrack,
  );
  if (refused) return refused;
  if (!context.allowed) {
    return problem(
      ErrorCodes.fastTrackRefused,
      'the case’s policy does not let the city take it ahead of the half-monthly cut-off',
    );
  }
  if (!context.suddenHardship) {
    return problem(
      ErrorCodes.fastTrackRefused,
      'only a sudden-hardship case (emergency relief recorded) is taken ahead of the cut-off',
    );
  }
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
  return checkDecision(
    {
      what: 'rollback',
      stage: CaseStages.riskEliminated,
      wrongStage: (stage) =>
        `only a risk-eliminated case is rolled back: the case is at stage ${stage}`,
      roles: ['city-bureau'],
      notYours: 'only the city bureau of this household rolls back an elimination',
      form: RollbackForm,
    },
    context,
    rollback,
  );
}

/**
 * Whether a household may be moved (迁移) to `move.divisions`: by the township of its village within
 * that township, or by the city bureau, to a village of the county, with a reason code.
 */
export function checkMove(
  context: { householdKey: string; divisions: DivisionCodes },
  move: HouseholdMove,
): DecisionProblem | null {
  const m: unknown = move;
  if (!isRecord(m)) return problem(ErrorCodes.decisionInvalid, 'the move is not an object');
  if (outside(m.actor, context)) return outOfScope();
  if (!actsAs(m.actor, ['township-officer', 'city-bureau'])) {
    return problem(ErrorCodes.accessDenied, 'a township or the city bureau moves a household');
  }
  const to = isRecord(m.divisions) ? m.divisions : {};
  const known = typeof to.villageCode === 'string' ? divisionsOfVillage(to.villageCode) : undefined;
  if (
    !known ||
    known.townshipCode !== to.townshipCode ||
    known.countyCode !== to.countyCode ||
    !isCode(m.reasonCode)
  ) {
    return problem(ErrorCodes.decisionInvalid, 'the move is not one the API sends');
  }
  if (outside(m.actor, { householdKey: context.householdKey, divisions: known })) {
    return problem(
      ErrorCodes.accessDenied,
      'a township moves households within its township; the city bureau across the county',
    );
  }
  return null;
}
