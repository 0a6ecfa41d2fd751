import { Injectable, Logger } from '@nestjs/common';

import type {
  DueAtResult,
  OpenTaskCommand,
  RecordStepCommand,
  RefusedCommand,
  TaskInboxEntry,
  VerificationActivities,
} from '@fanpin/contracts';
import { figuresYearOf, policyYearVersion, toFen } from '@fanpin/domain';
import {
  AuditLogRepository,
  CalendarYears,
  CaseEventsRepository,
  CasesRepository,
  HouseholdFiguresRepository,
  NationalEntriesRepository,
  PiiCipher,
  PiiFields,
  PolicyYearsRepository,
  TasksRepository,
  Transactions,
  sealDetail,
  type NewCaseEvent,
  type Queryable,
  type StatusMove,
} from '@fanpin/persistence';
import {
  activityInstant,
  cstDate,
  currentCase,
  calendarDeadline,
  type ActivityProvider,
} from '@fanpin/platform';

/** Steps whose figures are a household's latest known income. */
const FIGURE_STEPS: readonly string[] = ['village-verification', 'follow-up-visit'];

/** The step's event in the case history: its figures sealed, its codes readable. */
const eventOf = (cipher: PiiCipher, c: RecordStepCommand): NewCaseEvent => ({
  runId: c.runId,
  caseId: c.caseId,
  kind: c.kind,
  stepId: c.stepId,
  actor: c.actor,
  detail: sealDetail(cipher, PiiFields.caseFigures, c.detail),
});

function statusMove(c: RecordStepCommand): StatusMove | null {
  if (c.closeAs === 'excluded') return { from: 'open', to: 'excluded' };
  if (c.closeAs === 'included') return { from: 'open', to: 'included' };
  if (c.closeAs === 'risk-eliminated') return { from: 'included', to: 'risk-eliminated' };
  if (c.reopen) return { from: 'risk-eliminated', to: 'included' };
  return null;
}

/** A national entry keyed in by hand: what it enters, its number, who keyed it and when. */
interface ManualEntry {
  event: string;
  entryId: string;
  keyedBy: 'city' | 'township';
  keyedOn: string | null;
}

/**
 * A national entry made by hand: the city bureau's after a refusal (`manual-national-entry-1` stands
 * for the inclusion, `manual-national-entry-<event>-<round>` for a later mark: elimination-1, …),
 * or the township's inclusion (`national-entry-1`) on the township path.
 */
function manualEntry(c: RecordStepCommand): ManualEntry | null {
  const { entryId, enteredOn } = c.detail;
  if (typeof entryId !== 'string') return null;
  const keyedOn = typeof enteredOn === 'string' ? enteredOn : null;
  if (c.kind === 'national-entry') {
    return { event: 'inclusion', entryId, keyedBy: 'township', keyedOn };
  }
  if (c.kind !== 'manual-national-entry') return null;
  const later = /^manual-national-entry-([a-z-]+-\d+)$/.exec(c.stepId);
  return { event: later?.[1] ?? 'inclusion', entryId, keyedBy: 'city', keyedOn };
}

/**
 * Verification and determination (核实、认定): records the steps and decisions in the case history,
 * and keeps the task inbox in step with the workflow.
 */
@Injectable()
export class VerificationActivitiesService implements ActivityProvider {
  private readonly logger = new Logger(VerificationActivitiesService.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly events: CaseEventsRepository,
    private readonly cases: CasesRepository,
    private readonly tasks: TasksRepository,
    private readonly auditLog: AuditLogRepository,
    private readonly nationalEntries: NationalEntriesRepository,
    private readonly calendars: CalendarYears,
    private readonly cipher: PiiCipher,
    private readonly figures: HouseholdFiguresRepository,
    private readonly policyYears: PolicyYearsRepository,
  ) {}

  activities(): VerificationActivities {
    return {
      recordStep: (command) => this.recordStep(command),
      syncTask: (entry) => this.syncTask(entry),
      closeTask: (command) => this.closeTask(command),
      openTask: (command) => this.openTask(command),
      recordRefusedCommand: (command) => this.recordRefusedCommand(command),
    };
  }

  /**
   * The audit row of a command a case refused as not issued by the API: the claimed actor (unproven),
   * the case and the Update. Once per Update id (its correlation id here), however often retried.
   */
  async recordRefusedCommand(c: RefusedCommand & { updateId: string }): Promise<void> {
    await this.auditLog.appendOnce({
      kind: 'case.command-refused',
      outcome: 'refused',
      actorId: c.claimedActorId,
      actorRole: c.claimedRole,
      method: null,
      route: `temporal:${c.via ?? 'update'}/${c.update}`,
      target: c.caseId,
      reason: c.target === null ? c.code : `${c.code} ${c.target}`,
      correlationId: c.updateId,
    });
    this.logger.warn(`case ${c.caseId} refused a ${c.update} command the API did not issue`);
  }

  /**
   * Idempotent on the step id. A status change moves the case row from the one status it may come
   * from (open → excluded, included → risk-eliminated, risk-eliminated → included on a rollback), so
   * a retried or late call never moves it twice.
   */
  async recordStep(c: RecordStepCommand): Promise<void> {
    // Most steps are one statement; a step that moves the case, enters it or carries a decision's
    // audit entry needs a transaction.
    if (!statusMove(c) && !manualEntry(c) && !c.audit) {
      await this.events.append(eventOf(this.cipher, c));
      return;
    }
    await this.transactions.run((db) => this.appendStep(db, c));
  }

  /**
   * A completed task closed in one transaction: its step in the case history and its inbox row
   * done. Retried, it finds the event and the row as they are and changes nothing.
   */
  async closeTask({
    step,
    entry,
  }: {
    step: RecordStepCommand;
    entry: TaskInboxEntry;
  }): Promise<void> {
    await this.transactions.run(async (db) => {
      await this.appendStep(db, step);
      await this.tasks.upsert(entry, db);
    });
  }

  /** The step's event, and what it moves (the case's status, a manual national entry), once. */
  private async appendStep(db: Queryable, c: RecordStepCommand): Promise<void> {
    const move = statusMove(c);
    const manual = manualEntry(c);
    if (!(await this.events.appendNew(eventOf(this.cipher, c), db))) return;
    await this.keepFigures(db, c);
    if (c.audit) {
      // The decision's audit entry, with its step: both or neither, and once.
      await this.auditLog.append(
        {
          at: c.audit.at,
          kind: 'case.decision',
          outcome: 'ok',
          actorId: c.actor,
          actorRole: c.audit.actorRole,
          method: c.audit.method,
          route: c.audit.route,
          target: c.caseId,
          reason: c.stepId,
          correlationId: c.audit.correlationId,
        },
        db,
      );
    }
    if (move) await this.cases.moveStatus(c.runId, move, c.householdClass ?? null, db);
    if (manual) {
      // The same key an automatic entry would have had: one entry per case and event, either way.
      await this.nationalEntries.insertManual(
        { idempotencyKey: `${c.runId}:${manual.event}`, runId: c.runId, ...manual },
        db,
      );
    }
  }

  /**
   * A village verification's or follow-up visit's income, as the household's latest figures (for
   * what-if runs of a draft line), with the year they are for: stated, or the year whose published
   * line was in force on the visit's date (today for a verification).
   */
  private async keepFigures(db: Queryable, c: RecordStepCommand): Promise<void> {
    const { incomePerCapita, figuresYear, visitedOn } = c.detail;
    if (!FIGURE_STEPS.includes(c.kind) || typeof incomePerCapita !== 'number') return;
    const date = typeof visitedOn === 'string' ? visitedOn : cstDate(new Date());
    const published = await this.policyYears.published(db);
    const lines = published.map((y) => ({ ...y, version: policyYearVersion(y.year, y.revision) }));
    await this.figures.recordForRun(
      c.runId,
      {
        figuresYear: figuresYearOf(
          typeof figuresYear === 'number' ? figuresYear : undefined,
          date,
          lines,
        ),
        incomePerCapitaFen: toFen(incomePerCapita),
        source: c.kind as 'village-verification' | 'follow-up-visit',
        sourceRef: `${c.runId}:${c.stepId}`,
      },
      db,
    );
  }

  /** One upsert: repeatable, and an earlier state never overwrites a later one. */
  async syncTask(entry: TaskInboxEntry): Promise<void> {
    await this.tasks.upsert(entry);
  }

  /**
   * The task's due date and its inbox row in one activity. Repeatable: a retried call counts the
   * same date from the same `from` and writes the same row.
   */
  async openTask({ entry, from, spec }: OpenTaskCommand): Promise<DueAtResult> {
    const instant = activityInstant(from);
    const due = await calendarDeadline(
      this.calendars,
      instant,
      spec,
      `${currentCase()}: task ${entry.taskId}`,
      this.logger,
    );
    await this.syncTask({
      ...entry,
      dueAt: due.dueAt,
      dueProvisional: due.provisional,
      dueBasis: due.basis,
    });
    return due;
  }
}
