import type { Client } from '@temporalio/client';

import {
  DefaultCasePolicy,
  WorkflowTypes,
  caseSignalWithStart,
  caseWorkflowId,
  type HouseholdCaseInput,
} from '@fanpin/contracts';
import { withDatabase } from './database';
import { sign } from './signing';

/** The village of every synthetic household; the bench's village cadre works there. */
export const benchDivisions = {
  countyCode: '220681',
  townshipCode: '220681101',
  villageCode: '220681101200',
};

/** Household cases waiting at their first task, the village's verification. */
export const caseWaiting = `WorkflowType = '${WorkflowTypes.householdCase}' AND CaseStage = 'VILLAGE_VERIFICATION'`;

/** A synthetic household's key: `hh`, an 8-character prefix, the number in 24 hex digits. */
export function householdKey(keyPrefix: string, i: number): string {
  return `hh${keyPrefix}${i.toString(16).padStart(24, '0')}`;
}

function caseInput(keyPrefix: string, i: number): HouseholdCaseInput {
  return {
    householdKey: householdKey(keyPrefix, i),
    divisions: benchDivisions,
    channel: 'bureau-alert',
    policy: DefaultCasePolicy,
  };
}

/** The case id (workflow id) of synthetic household `i`. */
export function caseIdOf(keyPrefix: string, i: number): string {
  return caseWorkflowId(householdKey(keyPrefix, i));
}

/** The API stores a household before its case starts; the bench stores its synthetic ones up front. */
export function seedHouseholds(
  databaseUrl: string,
  keyPrefix: string,
  count: number,
): Promise<void> {
  return withDatabase(databaseUrl, async (db) => {
    await db.query(
      `INSERT INTO households (household_key, village_code, head_name_sealed, head_resident_id_sealed)
       SELECT 'hh' || $1 || lpad(to_hex(i), 24, '0'), $3, 'bench', 'bench'
       FROM generate_series(0, $2 - 1) AS i`,
      [keyPrefix, count, benchDivisions.villageCode],
    );
  });
}

/** Opens the case of synthetic household `i` as a sector bureau's alert would (Signal-With-Start). */
export function caseStarter(client: Client, keyPrefix: string): (i: number) => Promise<unknown> {
  return (i) =>
    client.workflow.signalWithStart(
      WorkflowTypes.householdCase,
      caseSignalWithStart(
        caseInput(keyPrefix, i),
        {
          alertId: `BENCH-${keyPrefix}-${i}`,
          source: 'health',
          triggers: [2],
        },
        sign,
      ),
    );
}
