import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';

import {
  DefaultCasePolicy,
  WorkflowTypes,
  caseSignalWithStart,
  type AlertRef,
  type CasePolicy,
  type DivisionCodes,
  type HouseholdCaseInput,
} from '@fanpin/contracts';
import { parseDeadlineSpec } from '@fanpin/domain';

import { API_CONFIG, type ApiConfig } from '../settings';

export interface StoredAlert {
  id: string;
  alert: AlertRef;
  householdKey: string;
  divisions: DivisionCodes;
}

/**
 * Hands a stored alert to Temporal: Signal-With-Start is atomic, so the alert either opens the
 * household's case or is attached to its open case. Marks the alert dispatched afterwards.
 */
@Injectable()
export class AlertDispatcher {
  /** The policy new cases are pinned to. */
  private readonly policy: CasePolicy;

  constructor(
    private readonly client: Client,
    private readonly dataSource: DataSource,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    const identification = parseDeadlineSpec(config.POLICY_IDENTIFICATION_DEADLINE);
    // The setting's pattern admits only what parses: this cannot fail after configuration loaded.
    if (!identification) throw new Error('POLICY_IDENTIFICATION_DEADLINE cannot be read');
    this.policy = { ...DefaultCasePolicy, deadlines: { identification } };
  }

  async dispatch(stored: StoredAlert): Promise<string> {
    const input: HouseholdCaseInput = {
      householdKey: stored.householdKey,
      divisions: stored.divisions,
      channel: 'bureau-alert',
      policy: this.policy,
    };
    const options = caseSignalWithStart(input, stored.alert);
    await this.client.workflow.signalWithStart(WorkflowTypes.householdCase, options);
    const caseId = options.workflowId;
    await this.dataSource.query(
      `UPDATE alerts SET case_id = $2, dispatched_at = now() WHERE id = $1`,
      [stored.id, caseId],
    );
    return caseId;
  }
}
