import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import type { Request } from 'express';

import { inJurisdiction } from '@fanpin/domain';
import { CasesRepository } from '@fanpin/persistence';
import { CommandSigner } from '@fanpin/platform';

import {
  CaseStages,
  ErrorCodes,
  adoptPolicyUpdate,
  appraisePlanUpdate,
  commandKeysChangedSignal,
  completeTaskUpdate,
  fastTrackUpdate,
  grantReliefUpdate,
  householdKeyOfCase,
  lodgeObjectionUpdate,
  moveHouseholdUpdate,
  rollBackEliminationUpdate,
  summaryQuery,
  type Actor,
  type CasePolicyMoveAnswer,
  type CasePolicyMoveForm,
  type CaseSummaryView,
  type DivisionCodes,
  type EmergencyReliefForm,
  type FastTrackForm,
  type ObjectionForm,
  type PlanAppraisalForm,
  type RequestStamp,
  type RollbackForm,
  type Signed,
  type TaskCompletionAnswer,
  type TaskForm,
} from '@fanpin/contracts';

import { AuditKinds, AuditLog, routeOf, type AuditedRequest } from '../audit/audit-log';
import { Jurisdiction, caseNotFound } from '../auth/jurisdiction';
import { ApiError } from '../errors/api-error';
import { API_CONFIG, type ApiConfig } from '../settings';
import { PolicyService } from '../policy/policy.service';
import { fromTemporalError } from '../temporal/temporal-errors';
import { reportCutoffOf } from './report-cutoff';

/**
 * An Update id for one request: the step, and a keyed digest of who sent what (no personal data).
 * Keyed, so that nobody without the key can take a request's Update id ahead of it.
 */
function requestId(key: Buffer, step: string, actor: Actor, body: unknown): string {
  const digest = createHmac('sha256', key)
    .update(JSON.stringify([actor.id, body]))
    .digest('hex');
  return `${step}:${digest.slice(0, 24)}`;
}

/** Whether a case refused a command because it does not know its key yet (after a rotation). */
function keyUnknown(error: unknown): boolean {
  return (
    error instanceof WorkflowUpdateFailedError &&
    error.cause instanceof ApplicationFailure &&
    error.cause.type === ErrorCodes.commandKeyUnknown
  );
}

/** The stage a closed case ended at, by the status of its last run. */
const closedStage: Record<string, string> = {
  excluded: CaseStages.excluded,
  included: CaseStages.included,
  'risk-eliminated': CaseStages.riskEliminated,
};

/** Why no task of a closed case is open, as the case itself says it of an open one (tasks.ts). */
function closedCaseMessage(status: string): string {
  const stage = closedStage[status];
  return `the task is not open: the case is closed${stage ? ` at stage ${stage}` : ''} and waits for no one`;
}

/** An Update's result, and whether the case wrote the decision's audit entry itself. */
interface Answer<T> {
  result: T;
  audited: boolean;
}

const notAudited = <T>(result: T): Answer<T> => ({ result, audited: false });

/** A decision sent as one signed Update of its form: the Update, and the step the form takes. */
export interface CaseCommand<F extends object, T> {
  update: UpdateDefinition<T, [F & { actor: Actor } & Signed]>;
  step: (form: F) => string;
}

const command = <F extends object, T>(
  update: UpdateDefinition<T, [F & { actor: Actor } & Signed]>,
  step: (form: F) => string,
): CaseCommand<F, T> => ({ update, step });

/** The decisions sent as commands: the same id (the same step) again changes nothing. */
export const CaseCommands = {
  /** An objection during the public notice. */
  objection: command(lodgeObjectionUpdate, (f: ObjectionForm) => `objection-${f.objectionId}`),
  /** The city bureau rolls back a risk-eliminated mark. */
  rollback: command(
    rollBackEliminationUpdate,
    (f: RollbackForm) => `elimination-rollback-${f.rollbackId}`,
  ),
  /** Emergency relief on the day (急难社会救助). */
  relief: command(grantReliefUpdate, (f: EmergencyReliefForm) => `relief-${f.reliefId}`),
  /** A village meeting's appraisal of the plan in force. */
  planAppraisal: command(
    appraisePlanUpdate,
    (f: PlanAppraisalForm) => `plan-appraisal-${f.planNo}`,
  ),
  /** The city bureau takes a sudden-hardship case ahead of the half-monthly cut-off. */
  fastTrack: command(fastTrackUpdate, (_: FastTrackForm) => 'fast-track'),
};

/** Staff actions on a case: each is a Workflow Update that the workflow's validator may refuse. */
@Injectable()
export class CasesService {
  constructor(
    private readonly client: Client,
    private readonly cases: CasesRepository,
    private readonly audit: AuditLog,
    private readonly jurisdiction: Jurisdiction,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    /** Signs each command, so that its case knows the API issued it. */
    private readonly signer: CommandSigner,
    private readonly policy: PolicyService,
  ) {
    this.updateIdKey = createHmac('sha256', 'update-id')
      .update(Buffer.from(config.COMMAND_SIGNING_KEY, 'base64url'))
      .digest();
  }

  private readonly updateIdKey: Buffer;

  /** The case as its workflow sees it, with the report cut-off it answers to. */
  async summary(caseId: string): Promise<CaseSummaryView> {
    const summary = await this.call(() =>
      this.client.workflow.getHandle(caseId).query(summaryQuery),
    );
    return { ...summary, nextReportCutoff: reportCutoffOf(summary, new Date()) };
  }

  /**
   * A task with its form. The Update id is made of the task, the account and the form, so the very
   * same request repeated gets the first one's answer from Temporal and changes nothing, while
   * another person's or another form's request is checked on its own (never handed someone else's
   * answer) and refused once the task is done.
   */
  completeTask(
    caseId: string,
    taskId: string,
    body: TaskForm,
    actor: Actor,
    request: Request,
  ): Promise<TaskCompletionAnswer> {
    const audit: RequestStamp = {
      at: new Date().toISOString(),
      method: request.method,
      route: routeOf(request as AuditedRequest),
      correlationId: (request as AuditedRequest).correlationId ?? null,
    };
    return this.decide(caseId, taskId, actor, request, taskId, async (handle) => {
      // The stamp stays out of the Update id: the same request repeated is still the same Update.
      const command = { taskId, actor, body, audit };
      const { audited, ...result } = await handle.executeUpdate(completeTaskUpdate, {
        args: [this.signer.sign(caseId, completeTaskUpdate.name, command)],
        updateId: requestId(this.updateIdKey, `task:${taskId}`, actor, body),
      });
      return { result, audited: audited === true };
    });
  }

  /**
   * A decision that is one signed Update of the form and its actor: its id is the step's and the
   * form's, so the same request repeated gets the first answer and changes nothing.
   */
  send<F extends object, T>(
    caseId: string,
    { update, step }: CaseCommand<F, T>,
    form: F,
    actor: Actor,
    request: Request,
  ): Promise<T> {
    const stepId = step(form);
    return this.decide(caseId, stepId, actor, request, stepId, (handle) =>
      handle
        .executeUpdate(update, {
          args: [this.signer.sign(caseId, update.name, { ...form, actor })],
          updateId: requestId(this.updateIdKey, stepId, actor, form),
        })
        .then(notAudited),
    );
  }

  /**
   * The city bureau moves a running case onto the income lines published now (适用新标准): until
   * then the case judges figures against the lines it was opened with. Audited as a decision.
   */
  async adoptPolicy(
    caseId: string,
    form: CasePolicyMoveForm,
    actor: Actor,
    request: Request,
  ): Promise<CasePolicyMoveAnswer> {
    const yearLines = await this.policy.yearLines();
    const versions = yearLines.map((line) => line.version).join(',');
    const stepId = `policy-${versions}`;
    const command = { actor, yearLines, reasonCode: form.reasonCode };
    return this.decide(caseId, stepId, actor, request, stepId, (handle) =>
      handle
        .executeUpdate(adoptPolicyUpdate, {
          args: [this.signer.sign(caseId, adoptPolicyUpdate.name, command)],
          updateId: requestId(this.updateIdKey, stepId, actor, form),
        })
        .then(() => notAudited({ caseId, yearLines })),
    );
  }

  /**
   * Tells the household's running case that the household moved (迁移), so that it and its later
   * tasks follow it. False when no case runs (a closed case keeps the village it ran in).
   */
  async moveCase(
    caseId: string,
    actor: Actor,
    divisions: DivisionCodes,
    reasonCode: string,
  ): Promise<boolean> {
    const handle = this.client.workflow.getHandle(caseId);
    const command = { actor, divisions, reasonCode };
    try {
      await this.call(() =>
        this.issue(handle, () =>
          handle.executeUpdate(moveHouseholdUpdate, {
            args: [this.signer.sign(caseId, moveHouseholdUpdate.name, command)],
            updateId: requestId(this.updateIdKey, `move:${divisions.villageCode}`, actor, command),
          }),
        ),
      );
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.code === ErrorCodes.caseNotFound) return false;
      throw error;
    }
  }

  /**
   * Runs a staff Update and audits it, accepted or refused. An accepted decision whose case writes
   * its audit entry with the history step (`audited`) is not audited here a second time.
   *
   * Jurisdiction is the workflow's to check, before anything else (no query here first): an actor
   * outside it is refused with CASE.OUT_OF_SCOPE, audited as such and answered as a case that does
   * not exist, exactly as for a case that is not there.
   */
  private async decide<T>(
    caseId: string,
    stepId: string,
    actor: Actor,
    request: Request,
    okReason: string,
    update: (handle: WorkflowHandle) => Promise<Answer<T>>,
  ): Promise<T> {
    const handle = this.client.workflow.getHandle(caseId);
    try {
      const { result, audited } = await this.call(() => this.issue(handle, () => update(handle)));
      if (!audited) {
        await this.audit.record(
          { kind: AuditKinds.decision, outcome: 'ok', actor, target: caseId, reason: okReason },
          request,
        );
      }
      return result;
    } catch (caught) {
      let error = caught;
      if (error instanceof ApiError && error.code === ErrorCodes.caseNotFound) {
        error = await this.explainClosed(caseId, stepId, actor);
      }
      if (error instanceof ApiError && error.code === ErrorCodes.caseOutOfScope) {
        throw await this.jurisdiction.outOfScope(actor, householdKeyOfCase(caseId), request);
      }
      const known = error instanceof ApiError && error.status < 500;
      await this.audit
        .record(
          {
            kind: AuditKinds.decision,
            outcome: known ? 'refused' : 'failed',
            actor,
            target: caseId,
            reason: error instanceof ApiError ? error.code : 'ERROR',
          },
          request,
        )
        .catch(() => undefined);
      throw error;
    }
  }

  /**
   * A closed case no longer answers Updates: its history in PostgreSQL says why the task is refused,
   * to an actor whose jurisdiction holds the household (anyone else is out of scope). Like the
   * case's own refusal, it says where the case stands and what it waits for: nothing, once closed.
   */
  private async explainClosed(caseId: string, stepId: string, actor: Actor): Promise<ApiError> {
    const householdKey = householdKeyOfCase(caseId);
    const row = await this.cases.closedCase(caseId, stepId, householdKey);
    // One answer for no such case, a closed one of no concern, and (in decide) one out of scope.
    if (!row?.village_code) return caseNotFound();
    if (!inJurisdiction(actor, { householdKey, villageCode: row.village_code })) {
      return new ApiError(ErrorCodes.caseOutOfScope, 404, 'no such case');
    }
    if (row.done)
      return new ApiError(ErrorCodes.taskAlreadyDone, 409, 'the task is already completed');
    if (row.status) return new ApiError(ErrorCodes.taskNotOpen, 409, closedCaseMessage(row.status));
    return caseNotFound();
  }

  /**
   * Sends a command; when the case does not know the key it is signed with yet (a case whose first
   * workflow task has not read its keys, or a rotation since it last did), tells it to read them
   * again and sends the command once more, backing off, within the request's deadline.
   */
  private async issue<T>(handle: WorkflowHandle, send: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await send();
      } catch (error) {
        if (!keyUnknown(error)) throw error;
        if (attempt === 10) {
          throw new ApiError(
            ErrorCodes.temporalUnavailable,
            503,
            'the case could not read its keys in time; try again',
          );
        }
        if (attempt % 3 === 0) await handle.signal(commandKeysChangedSignal);
        await sleep(Math.min(1000, 50 * 2 ** attempt));
      }
    }
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await this.client.withDeadline(Date.now() + this.config.UPDATE_TIMEOUT_MS, fn);
    } catch (error) {
      const known = fromTemporalError(error);
      throw known ?? error;
    }
  }
}
