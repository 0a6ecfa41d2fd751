import { randomBytes } from 'node:crypto';

import { Client, Connection, ScheduleOverlapPolicy } from '@temporalio/client';
import { DataSource, MigrationExecutor } from 'typeorm';

import { ReportScheduleIds, ReportWorkflowTypes } from '@fanpin/contracts';
import { ServiceNames, type Database } from '@fanpin/devstack';
import { dataSourceOptions, roleOfUrl, runMigrations } from '@fanpin/persistence';
import { METADATA_KEY_ID, payloadKeyId, temporalDataConverter } from '@fanpin/platform';

import { type AccountSpec } from '../support/accounts';
import {
  standardForms,
  suiteSystem,
  newWorkflowId,
  waitUntil,
  workflowIdsOf,
  type HttpResult,
} from '../support/harness';
import { mapHistoryPayloads } from '../support/histories';

const village = '220681104201';
const township = '220681104';
const halfMonthly = `WorkflowType = '${ReportWorkflowTypes['half-monthly']}'`;

/** The migrations reverted and applied again on the suite's populated database. */
const REAPPLIED = 3;

/**
 * What the people who run the system rely on beyond the procedure itself: two staff on one task, a
 * request while the workflow worker is down, a payload key rotated with cases open, a report
 * Schedule that fires while the API and the worker are down, and migrations applied to a database
 * that holds cases. The suite runs on a database of its own, so that the last of these can revert
 * and re-apply migrations without touching the other suites' data.
 */
describe('operations', () => {
  const t = suiteSystem(
    'operations',
    // An Update the workflow cannot answer is given up after 5 s (15 s in production).
    { api: { UPDATE_TIMEOUT_MS: '5000' } },
    { ownDatabase: true },
  );

  const cadre = (label?: string): AccountSpec => ({
    role: 'village-cadre',
    divisionCode: village,
    ...(label ? { label } : {}),
  });
  const verification = standardForms['village-verification']!;

  const caseAtVillage = () => t.caseAt('VILLAGE_VERIFICATION', { villageCode: village });

  const completeVerification = (caseId: string, as: AccountSpec, body = verification.body) =>
    t.api('POST', `/v1/cases/${caseId}/tasks/village-verification-1`, body, as);

  const verificationEvents = (caseId: string) =>
    t.count(
      `SELECT 1 FROM case_events e JOIN cases c USING (run_id)
        WHERE c.case_id = $1 AND e.kind = 'village-verification'`,
      [caseId],
    );

  it('lets one of two staff complete a task both send at the same moment; the other is told it is done', async () => {
    const { caseId } = await caseAtVillage();
    const other = { ...verification.body, incomePerCapita: 4100 };
    const answers = await Promise.all([
      completeVerification(caseId, cadre('first')),
      completeVerification(caseId, cadre('second'), other),
    ]);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 409]);
    const refused = answers.find((a) => a.status === 409) as HttpResult;
    expect(refused.body).toMatchObject({ code: 'CASE.TASK_ALREADY_DONE' });
    await t.waitForCase(caseId, (s) => s.openTask?.taskId === 'democratic-appraisal-1');
    expect(await verificationEvents(caseId)).toBe(1);

    // One person's double click: the same request twice at once, one completion, one answer.
    const next = await caseAtVillage();
    const twice = await Promise.all([
      completeVerification(next.caseId, cadre('first')),
      completeVerification(next.caseId, cadre('first')),
    ]);
    expect(twice.map((a) => a.status)).toEqual([200, 200]);
    expect(twice[0].body).toEqual(twice[1].body);
    // The step is in the history once the case has moved on.
    await t.waitForCase(next.caseId, (s) => s.openTask?.taskId === 'democratic-appraisal-1');
    expect(await verificationEvents(next.caseId)).toBe(1);
  });

  it('answers 504 while the workflow worker is down, and the same request once it is back', async () => {
    // The request that times out without a worker is logged by the API as an error.
    t.expectLogErrors(
      /"message":"POST \/v1\/cases\/:caseId\/tasks\/:taskId failed: TEMPORAL\.UNAVAILABLE \[/,
      'api',
    );
    const { caseId } = await caseAtVillage();
    await t.system.kill(['workflow-worker']);
    const late = await completeVerification(caseId, cadre());
    expect(late).toMatchObject({ status: 504, body: { code: 'TEMPORAL.UNAVAILABLE' } });
    await t.system.start(['workflow-worker']);
    const again = await completeVerification(caseId, cadre());
    expect(again).toMatchObject({ status: 200, body: { stage: expect.any(String) } });
    await t.waitForCase(caseId, (s) => s.openTask?.taskId === 'democratic-appraisal-1');
    expect(await verificationEvents(caseId)).toBe(1);
  });

  it('rotates the payload key with cases open: old payloads still read, new ones under the new key', async () => {
    const before = await caseAtVillage();
    const oldKey = t.secrets.payloadCodecKey;
    const newKey = randomBytes(32).toString('base64url');
    const ours = ServiceNames.filter((name) => name !== 'national-sim');
    await t.system.stop(ours);
    for (const name of ours) {
      Object.assign(t.system.services[name].spec.env, {
        PAYLOAD_CODEC_KEY: newKey,
        PAYLOAD_CODEC_PREVIOUS_KEYS: oldKey,
      });
    }
    await t.system.start(ours);

    // The open case answers (its history, under the old key, replays) and goes on.
    expect((await completeVerification(before.caseId, cadre())).status).toBe(200);
    await t.waitForCase(before.caseId, (s) => s.openTask?.taskId === 'democratic-appraisal-1');
    const after = await caseAtVillage();

    const connection = await Connection.connect({ address: t.temporalAddress });
    try {
      // Without the codec: the key ids the payloads were written with.
      const raw = new Client({ connection });
      const keyIds = async (caseId: string) => {
        const history = await raw.workflow.getHandle(caseId).fetchHistory();
        const ids = new Set<string>();
        await mapHistoryPayloads(history, (payload) => {
          ids.add(Buffer.from(payload.metadata?.[METADATA_KEY_ID] ?? []).toString());
          return Promise.resolve(payload);
        });
        return ids;
      };
      const idOf = (key: string) => payloadKeyId(Buffer.from(key, 'base64url'));
      expect([...(await keyIds(before.caseId))].sort()).toEqual(
        [idOf(oldKey), idOf(newKey)].sort(),
      );
      expect([...(await keyIds(after.caseId))]).toEqual([idOf(newKey)]);
      // A client with the new key and the old one as previous reads both cases.
      const rotated = new Client({
        connection,
        dataConverter: temporalDataConverter({ current: newKey, previous: [oldKey] }),
      });
      for (const { caseId } of [before, after]) {
        await expect(rotated.workflow.getHandle(caseId).fetchHistory()).resolves.toBeDefined();
        const described = await rotated.workflow.getHandle(caseId).describe();
        expect(described.status.name).toBe('RUNNING');
      }
    } finally {
      await connection.close();
    }
  });

  it('produces the half-monthly reports of a cut-off passed while the API and the worker were down', async () => {
    const client = await temporalClient();
    const schedule = client.schedule.getHandle(ReportScheduleIds['half-monthly']);
    const described = await schedule.describe();
    // Missed cut-offs are caught up for a month: longer than any outage anyone would sit out.
    expect(described.policies.catchupWindow).toBeGreaterThanOrEqual(24 * 3_600_000);
    await t.system.stop(['api', 'workflow-worker']);
    // The Schedule fires for the cut-off of 1 December 2026, 00:00 China Standard Time (a few
    // minutes after it: REPORT_GRACE_MINUTES); a backfill stands in for the wait.
    const cutoff = new Date('2026-11-30T16:00:00Z');
    const earlier = await workflowIdsOf(client, halfMonthly);
    await schedule.backfill({
      start: cutoff,
      end: new Date(cutoff.getTime() + 2 * 3_600_000),
      overlap: ScheduleOverlapPolicy.ALLOW_ALL,
    });
    // The run is started while they are down, and waits for a worker.
    const run = client.workflow.getHandle(await newWorkflowId(client, halfMonthly, earlier));
    expect((await run.describe()).status.name).toBe('RUNNING');
    const periodEnd = '2026-11-30T15:59:59.999Z';
    const reports = () =>
      t.count(`SELECT 1 FROM reports WHERE kind = 'half-monthly' AND period_end = $1`, [periodEnd]);
    expect(await reports()).toBe(0);

    await t.system.start(['workflow-worker', 'api']);
    expect(await finished(run.workflowId)).toBe('COMPLETED');
    const townships = await t.count(
      `SELECT 1 FROM reports WHERE kind = 'half-monthly' AND period_end = $1 AND scope = $2`,
      [periodEnd, township],
    );
    expect(townships).toBe(1);
    // One report for each of the county's townships.
    expect(await reports()).toBeGreaterThan(1);

    // Staff find it as any other report.
    const listed = await t.api<{ periodEnd: string }[]>(
      'GET',
      `/v1/reports?kind=half-monthly&scope=${township}`,
      undefined,
      { role: 'township-officer', divisionCode: township },
    );
    expect(listed.body.filter((r) => r.periodEnd === periodEnd)).toHaveLength(1);
  });

  it('applies migrations to a database that holds cases, and the cases go on', async () => {
    const open = await caseAtVillage();
    const tables = [
      'households',
      'cases',
      'alerts',
      'tasks',
      'case_events',
      'audit_log',
      'reports',
    ];
    const counts = async () =>
      Object.fromEntries(
        await Promise.all(
          tables.map(async (table) => [table, await t.count(`SELECT 1 FROM ${table}`)] as const),
        ),
      );
    await t.system.stop();
    const before = await counts();
    expect(before.cases).toBeGreaterThan(3);

    const { ownerUrl, appUrl } = t.ownDatabase as Database;
    const dataSource = new DataSource(dataSourceOptions(ownerUrl, 1));
    await dataSource.initialize();
    const reverted: string[] = [];
    try {
      const executor = new MigrationExecutor(dataSource);
      for (let i = 0; i < REAPPLIED; i++) {
        const [last] = (await executor.getExecutedMigrations()).slice(0, 1);
        reverted.push(last!.name);
        await executor.undoLastMigration();
      }
    } finally {
      await dataSource.destroy();
    }
    const applied = await runMigrations(ownerUrl, roleOfUrl(appUrl).name);
    expect(applied.sort()).toEqual(reverted.sort());
    expect(await counts()).toEqual(before);
    // Every household has its head as a current member, as the members' migration backfills them.
    expect(
      await t.count(
        `SELECT 1 FROM households h WHERE NOT EXISTS (
           SELECT 1 FROM household_members m
           WHERE m.household_key = h.household_key AND m.relation = 'head' AND m.left_on IS NULL)`,
      ),
    ).toBe(0);

    // The services start on it, and the open case takes its next step.
    await t.system.start();
    expect((await completeVerification(open.caseId, cadre())).status).toBe(200);
    await t.waitForCase(open.caseId, (s) => s.openTask?.taskId === 'democratic-appraisal-1');
    const inbox = await t.inbox({ role: 'village-committee', divisionCode: village });
    expect(inbox.filter((task) => task.caseId === open.caseId)).toEqual([
      expect.objectContaining({ taskId: 'democratic-appraisal-1' }),
    ]);
  });

  /** How a run ended (read without its result, which is under the suite's current payload key). */
  async function finished(workflowId: string): Promise<string> {
    const handle = (await temporalClient()).workflow.getHandle(workflowId);
    return waitUntil(
      `run ${workflowId} closed`,
      async () => {
        const { status } = await handle.describe();
        return status.name === 'RUNNING' ? undefined : status.name;
      },
      60_000,
    );
  }

  let clientInstance: { client: Client; connection: Connection } | undefined;
  async function temporalClient(): Promise<Client> {
    if (!clientInstance) {
      const connection = await Connection.connect({ address: t.temporalAddress });
      clientInstance = { connection, client: new Client({ connection }) };
    }
    return clientInstance.client;
  }
  afterAll(async () => {
    await clientInstance?.connection.close();
  });
});
