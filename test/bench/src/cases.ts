import { randomBytes, randomInt } from 'node:crypto';

import type { Client } from '@temporalio/client';

import {
  DefaultCasePolicy,
  WorkflowTypes,
  caseSignalWithStart,
  caseWorkflowId,
  type HouseholdCaseInput,
} from '@fanpin/contracts';
import { stderrLog } from '@fanpin/devstack';

import { withDatabase } from './database';
import { throughput } from './measure';
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

/**
 * Opens `count` cases of fresh synthetic households, `concurrency` starts in flight; resolves with
 * their ids once each waits at its first task (counted in visibility every `pollMs`).
 */
export async function openWaitingCases(
  client: Client,
  databaseUrl: string,
  count: number,
  concurrency: number,
  pollMs?: number,
): Promise<string[]> {
  const keyPrefix = randomBytes(4).toString('hex');
  await seedHouseholds(databaseUrl, keyPrefix, count);
  const start = caseStarter(client, keyPrefix);
  const timeoutMs = Math.max(300_000, count * 250);
  const { perSecond } = await throughput(
    client,
    count,
    concurrency,
    start,
    caseWaiting,
    timeoutMs,
    pollMs,
  );
  stderrLog(`opened ${count} cases at ${perSecond.toFixed(1)} cases/s`);
  return Array.from({ length: count }, (_, i) => caseIdOf(keyPrefix, i));
}

/** `n` items drawn at random, without repeats. */
export function draw<T>(items: readonly T[], n: number): T[] {
  const pool = [...items];
  for (let i = 0; i < n; i++) {
    const j = randomInt(i, pool.length);
    [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
  }
  return pool.slice(0, n);
}
