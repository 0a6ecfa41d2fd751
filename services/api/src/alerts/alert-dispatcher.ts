import { Inject, Injectable } from '@nestjs/common';
import { CommandSigner } from '@fanpin/platform';
import { Client } from '@temporalio/client';

import {
  DefaultCasePolicy,
  WorkflowTypes,
  caseSignalWithStart,
  type AlertRef,
  type CasePolicy,
  type DeadlineSpec,
  type DivisionCodes,
  type EntryChannel,
  type HouseholdCaseInput,
} from '@fanpin/contracts';
import { parseDeadlineSpec } from '@fanpin/domain';
import { AlertsRepository, type Queryable } from '@fanpin/persistence';

import { API_CONFIG, type ApiConfig } from '../settings';

export interface StoredAlert {
  id: string;
  alert: AlertRef;
  householdKey: string;
  divisions: DivisionCodes;
  /**
   * When the API stored it, or when the city confirmed a triaged one (the village cannot act
   * before): the case's deadlines count from here, however late the hand-over.
   */
  receivedAt?: string;
  /** The way in; a bureau's alert when not said. */
  channel?: EntryChannel;
}

/**
 * Hands a stored alert to Temporal: Signal-With-Start is atomic, so the alert either opens the
 * household's case or is attached to its open case. Marks the alert dispatched afterwards.
 */
/** A deadline setting; its pattern admits only what parses, so this cannot fail after boot. */
function spec(name: string, text: string): DeadlineSpec {
  const parsed = parseDeadlineSpec(text);
  if (!parsed) throw new Error(`${name} cannot be read`);
  return parsed;
}

/** The policy new cases are pinned to: the defaults, with the configured durations. */
export function casePolicy(config: ApiConfig): CasePolicy {
  const cutoff = config.POLICY_REPORT_CUTOFF;
  const notice = spec('POLICY_NOTICE_PERIOD', config.POLICY_NOTICE_PERIOD);
  return {
    ...DefaultCasePolicy,
    deadlines: {
      identification: spec('POLICY_IDENTIFICATION_DEADLINE', config.POLICY_IDENTIFICATION_DEADLINE),
    },
    steps: {
      villageVerification: spec(
        'POLICY_VILLAGE_VERIFICATION_DEADLINE',
        config.POLICY_VILLAGE_VERIFICATION_DEADLINE,
      ),
      democraticAppraisal: spec('POLICY_APPRAISAL_DEADLINE', config.POLICY_APPRAISAL_DEADLINE),
      noticePeriod: 'workingDays' in notice ? { calendarDays: notice.workingDays } : notice,
      objectionReview: spec(
        'POLICY_OBJECTION_REVIEW_DEADLINE',
        config.POLICY_OBJECTION_REVIEW_DEADLINE,
      ),
      townshipVerification: spec(
        'POLICY_TOWNSHIP_VERIFICATION_DEADLINE',
        config.POLICY_TOWNSHIP_VERIFICATION_DEADLINE,
      ),
      manualNationalEntry: spec(
        'POLICY_MANUAL_NATIONAL_ENTRY_DEADLINE',
        config.POLICY_MANUAL_NATIONAL_ENTRY_DEADLINE,
      ),
      reportCutoff: cutoff === 'half-month' ? 'half-month' : spec('POLICY_REPORT_CUTOFF', cutoff),
    },
    monitoring: {
      incomeLine: config.POLICY_INCOME_LINE,
      rigidExpensesPercent: DefaultCasePolicy.monitoring.rigidExpensesPercent,
      assistancePlan: spec(
        'POLICY_ASSISTANCE_PLAN_DEADLINE',
        config.POLICY_ASSISTANCE_PLAN_DEADLINE,
      ),
      followUpInterval: spec('POLICY_FOLLOW_UP_INTERVAL', config.POLICY_FOLLOW_UP_INTERVAL),
      followUpVisit: spec(
        'POLICY_FOLLOW_UP_VISIT_DEADLINE',
        config.POLICY_FOLLOW_UP_VISIT_DEADLINE,
      ),
      eliminationAppraisal: spec(
        'POLICY_ELIMINATION_APPRAISAL_DEADLINE',
        config.POLICY_ELIMINATION_APPRAISAL_DEADLINE,
      ),
      eliminationTownship: spec(
        'POLICY_ELIMINATION_TOWNSHIP_DEADLINE',
        config.POLICY_ELIMINATION_TOWNSHIP_DEADLINE,
      ),
      eliminationCity: spec(
        'POLICY_ELIMINATION_CITY_DEADLINE',
        config.POLICY_ELIMINATION_CITY_DEADLINE,
      ),
      rollbackWindow: spec('POLICY_ROLLBACK_WINDOW', config.POLICY_ROLLBACK_WINDOW),
      stableVisitsForElimination: config.POLICY_STABLE_VISITS_FOR_ELIMINATION,
      visitsPerRun: config.POLICY_VISITS_PER_RUN,
    },
    suddenHardshipFastTrack: config.POLICY_SUDDEN_HARDSHIP_FAST_TRACK === 'on',
  };
}

@Injectable()
export class AlertDispatcher {
  /** The policy new cases are pinned to. */
  private readonly policy: CasePolicy;

  constructor(
    private readonly client: Client,
    private readonly alerts: AlertsRepository,
    private readonly signer: CommandSigner,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.policy = casePolicy(config);
  }

  /**
   * Starts (or signals) the household's case and marks the alert handed over, in `db` when given:
   * the outbox holds the alert's row locked in its transaction, and an update of it through
   * another connection would wait for that transaction, which waits for this call.
   */
  async dispatch(stored: StoredAlert, db?: Queryable): Promise<string> {
    const input: HouseholdCaseInput = {
      householdKey: stored.householdKey,
      divisions: stored.divisions,
      channel: stored.channel ?? 'bureau-alert',
      policy: this.policy,
      ...(stored.receivedAt ? { receivedAt: stored.receivedAt } : {}),
    };
    const options = caseSignalWithStart(input, stored.alert, (caseId, message, command) =>
      this.signer.sign(caseId, message, command),
    );
    await this.client.workflow.signalWithStart(WorkflowTypes.householdCase, options);
    const caseId = options.workflowId;
    await this.alerts.markDispatched(stored.id, caseId, db);
    return caseId;
  }
}
