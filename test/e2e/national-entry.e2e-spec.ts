import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

import ExcelJS from 'exceljs';

import type { CaseSummary } from '@fanpin/contracts';

import {
  TestSystem,
  newResidentId,
  policyEnv,
  withWrongCheckChar,
  type AccountSpec,
} from '../support/harness';
import { replayAndRecord } from '../support/histories';
import { assistancePlan, eliminationSteps, stableVisit, staffOf } from '../support/procedure';

/**
 * The national system as it is used (plan §4.3 step 4): in 大栗子街道 the township keys its monitoring
 * objects in by hand (this system's setting names it), elsewhere the adapter enters them. Each case
 * records its national record number either way, later changes go the case's way (an update through
 * the adapter, a township update task), and the city bureau reconciles with the national system's
 * export, CSV or workbook, difference by difference.
 */
describe('national entry: keyed in by the township, updates, reconciliation', () => {
  const keyedTownship = '220681006';
  const keyedVillage = '220681006200';
  const adapterVillage = '220681200200';
  const city: AccountSpec = { role: 'city-bureau', divisionCode: '220681' };
  const township: AccountSpec = { role: 'township-officer', divisionCode: keyedTownship };
  const otherTownship: AccountSpec = { role: 'township-officer', divisionCode: '220681200' };
  let t: TestSystem;
  /** Households of 大栗子街道 walked to the city's desk, and one of 蚂蚁河乡. */
  let keyed: { caseId: string; residentId: string }[];
  let adapted: { caseId: string; residentId: string };

  beforeAll(async () => {
    t = await TestSystem.start('national-entry', {
      api: policyEnv({ FOLLOW_UP_INTERVAL: '1s', ROLLBACK_WINDOW: '300s' }),
      'national-entry': { NATIONAL_ENTRY_TOWNSHIP_PATHS: `${keyedTownship}=township` },
    });
    const walk = async (villageCode: string) => {
      const residentId = newResidentId();
      const posted = await t.postAlert({ villageCode, residentId });
      expect(posted.status).toBe(202);
      await t.reachCityDetermination(posted.body.caseId, 180_000);
      return { caseId: posted.body.caseId, residentId };
    };
    const walked = await Promise.all([
      ...[0, 1, 2, 3, 4].map(() => walk(keyedVillage)),
      walk(adapterVillage),
    ]);
    adapted = walked.pop() as { caseId: string; residentId: string };
    keyed = walked;
  }, 240_000);

  afterAll(async () => {
    await t?.stop();
  });

  const openTask = (id: string) => (s: CaseSummary) => s.openTask?.taskId === id;
  const complete = (caseId: string, taskId: string, body: unknown, as: AccountSpec) =>
    t.api<Record<string, unknown>>('POST', `/v1/cases/${caseId}/tasks/${taskId}`, body, as);

  async function expectDone(caseId: string, taskId: string, body: unknown, as: AccountSpec) {
    const done = await complete(caseId, taskId, body, as);
    expect({ taskId, status: done.status, body: done.body }).toMatchObject({ status: 200 });
  }

  /** Included by the city and keyed in by the township under `recordId`: waits for the plan. */
  async function keyedIn(caseId: string, recordId: string): Promise<CaseSummary> {
    expect((await t.determine(caseId, { include: true, householdClass: 'marginal' })).status).toBe(
      200,
    );
    await t.waitForCase(caseId, openTask('national-entry-1'));
    const entry = { kind: 'national-entry', entryId: recordId, enteredOn: '2026-12-01' };
    await expectDone(caseId, 'national-entry-1', entry, township);
    return t.waitForCase(caseId, openTask('assistance-plan-1'));
  }

  async function until<T>(what: string, read: () => Promise<T | undefined>): Promise<T> {
    for (let tries = 0; tries < 150; tries++) {
      const value = await read();
      if (value !== undefined) return value;
      await sleep(200);
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it('has the township key the inclusion in, records its national record number, and shows it in the case file', async () => {
    const { caseId } = keyed[0] as { caseId: string };
    expect((await t.determine(caseId, { include: true, householdClass: 'marginal' })).status).toBe(
      200,
    );
    const waiting = await t.waitForCase(caseId, openTask('national-entry-1'));
    expect(waiting).toMatchObject({
      stage: 'NATIONAL_ENTRY',
      nationalEntryPath: 'township',
      nationalEntryId: null,
      openTask: { kind: 'national-entry', awaitingRole: 'township-officer' },
    });
    expect((await t.inbox(township)).map((task) => [task.caseId, task.taskId])).toContainEqual([
      caseId,
      'national-entry-1',
    ]);
    const entry = { kind: 'national-entry', entryId: 'GJ-105-0001', enteredOn: '2026-12-01' };
    // The township's task: not the city's, not another township's; a number is a code, never an ID.
    expect((await complete(caseId, 'national-entry-1', entry, city)).status).toBe(403);
    expect((await complete(caseId, 'national-entry-1', entry, otherTownship)).status).toBe(404);
    const withId = { ...entry, entryId: keyed[0]?.residentId };
    expect(await complete(caseId, 'national-entry-1', withId, township)).toMatchObject({
      status: 400,
      body: { code: 'INPUT.INVALID', details: [expect.objectContaining({ field: 'entryId' })] },
    });
    await expectDone(caseId, 'national-entry-1', entry, township);

    const included = await t.waitForCase(caseId, openTask('assistance-plan-1'));
    expect(included.nationalEntryId).toBe('GJ-105-0001');
    const { runId } = included;
    // Keyed in by hand: the adapter sent nothing for this case.
    expect((await t.simulatorEntries()).filter((e) => e.idempotencyKey.startsWith(runId))).toEqual(
      [],
    );
    const rows = await t.db.query(
      `SELECT event, entry_id, keyed_by, to_char(keyed_on, 'YYYY-MM-DD') AS keyed_on
       FROM national_entries WHERE run_id = $1`,
      [runId],
    );
    expect(rows.rows).toEqual([
      { event: 'inclusion', entry_id: 'GJ-105-0001', keyed_by: 'township', keyed_on: '2026-12-01' },
    ]);
    const file = await t.api<Record<string, unknown>>(
      'GET',
      `/v1/cases/${caseId}/file`,
      undefined,
      city,
    );
    expect(file).toMatchObject({
      status: 200,
      body: {
        nationalRecord: {
          recordId: 'GJ-105-0001',
          keyedBy: 'township',
          keyedOn: '2026-12-01',
          enteredAt: expect.any(String),
        },
      },
    });
  });

  it('has the township key in the plan’s measures and the elimination mark as updates', async () => {
    const { caseId } = keyed[0] as { caseId: string };
    await expectDone(caseId, 'assistance-plan-1', assistancePlan, city);
    // The measures update opens beside monitoring: the visits go on meanwhile.
    const planned = await t.waitForCase(caseId, (s) =>
      s.openTasks.some((task) => task.taskId === 'national-update-measures-1'),
    );
    expect(planned.openTasks).toContainEqual(
      expect.objectContaining({
        taskId: 'national-update-measures-1',
        kind: 'national-update',
        awaitingRole: 'township-officer',
      }),
    );
    const update = { kind: 'national-update', enteredOn: '2026-12-02' };
    expect((await complete(caseId, 'national-update-measures-1', update, city)).status).toBe(403);
    await expectDone(caseId, 'national-update-measures-1', update, township);
    const { runId } = planned;
    const step = await until('the measures update in the history', async () => {
      const found = await t.db.query<{ actor: string }>(
        "SELECT actor FROM case_events WHERE run_id = $1 AND step_id = 'national-update-measures-1'",
        [runId],
      );
      return found.rows[0];
    });
    expect(step.actor).toMatch(/^township-officer-/);

    // Elimination: once the city decides, the township keys the mark in; then the case stands eliminated.
    await t.waitForCase(caseId, openTask('follow-up-visit-1'), 30_000);
    const visit = { ...stableVisit, proposeElimination: true };
    await expectDone(caseId, 'follow-up-visit-1', visit, {
      role: 'village-cadre',
      divisionCode: keyedVillage,
    });
    for (const { role, body } of eliminationSteps) {
      const taskId = `${body.kind}-1`;
      const { divisions } = await t.waitForCase(caseId, openTask(taskId), 30_000);
      await expectDone(caseId, taskId, body, staffOf(role, divisions));
    }
    const marking = await t.waitForCase(caseId, openTask('national-update-elimination-1'));
    expect(marking).toMatchObject({
      stage: 'ELIMINATION_CITY',
      openTask: { kind: 'national-update', awaitingRole: 'township-officer' },
    });
    await expectDone(caseId, 'national-update-elimination-1', update, township);
    await t.waitForCase(caseId, (s) => s.stage === 'RISK_ELIMINATED');
    const elimination = await t.db.query(
      "SELECT detail->>'entryId' AS entry_id FROM case_events WHERE run_id = $1 AND kind = 'elimination'",
      [runId],
    );
    expect(elimination.rows).toEqual([{ entry_id: 'GJ-105-0001' }]);
    expect((await t.simulatorEntries()).filter((e) => e.idempotencyKey.startsWith(runId))).toEqual(
      [],
    );
    await replayAndRecord(
      (await t.client()).workflow.getHandle(caseId),
      'township-keyed-then-risk-eliminated',
    );
  });

  it('sends the plan’s measures through the adapter as an update of the entered record', async () => {
    const { caseId } = adapted;
    expect((await t.determine(caseId, { include: true, householdClass: 'marginal' })).status).toBe(
      200,
    );
    const included = await t.waitForCase(caseId, openTask('assistance-plan-1'));
    expect(included).toMatchObject({
      nationalEntryPath: 'adapter',
      nationalEntryId: expect.stringMatching(/^NM\d{10}$/),
    });
    await expectDone(caseId, 'assistance-plan-1', assistancePlan, city);
    const { runId, nationalEntryId } = included;
    const updates = await until('the measures update at the national system', async () => {
      const { body } = await t.http<
        {
          updateId: string;
          idempotencyKey: string;
          recordId: string;
          update: Record<string, unknown>;
          requests: number;
        }[]
      >('national-sim', 'GET', '/admin/updates');
      const mine = body.filter((u) => u.idempotencyKey.startsWith(runId));
      return mine.length > 0 ? mine : undefined;
    });
    const measure = assistancePlan.measures[0] as { measureId: string; measureCode: string };
    expect(updates).toEqual([
      {
        updateId: expect.stringMatching(/^NU\d{10}$/),
        idempotencyKey: `${runId}:measures-1`,
        recordId: nationalEntryId,
        requests: 1,
        update: {
          villageCode: adapterVillage,
          householdClass: 'marginal',
          change: 'measures',
          measures: {
            added: [
              expect.objectContaining({
                measureId: measure.measureId,
                measureCode: measure.measureCode,
              }),
            ],
            ended: [],
          },
        },
      },
    ]);
    const step = await until('the update in the history', async () => {
      const found = await t.db.query<{ actor: string; detail: Record<string, unknown> }>(
        "SELECT actor, detail FROM case_events WHERE run_id = $1 AND step_id = 'national-update-measures-1'",
        [runId],
      );
      return found.rows[0];
    });
    expect(step).toMatchObject({
      actor: 'system:workflow',
      detail: { change: 'measures', path: 'adapter', updateId: updates[0]?.updateId },
    });
    // No township task on this path.
    const summary = await t.waitForCase(caseId, (s) => s.stage === 'MONITORING');
    expect(summary.openTasks.filter((task) => task.kind === 'national-update')).toEqual([]);
  });

  describe('reconciliation with the national export', () => {
    /** The export the national system gives of 大栗子街道, row by row. */
    let exportRows: string[][];
    let missingHereId: string;
    const header = [
      '监测对象编号',
      '户主身份证号',
      '乡镇代码',
      '村代码',
      '监测对象类型',
      '风险消除标识',
    ];

    beforeAll(async () => {
      // keyed[0] stands eliminated as GJ-105-0001; the others are entered now.
      await Promise.all(
        [1, 2, 3, 4].map((i) =>
          keyedIn((keyed[i] as { caseId: string }).caseId, `GJ-105-000${i + 1}`),
        ),
      );
      missingHereId = newResidentId();
      const id = (i: number) => (keyed[i] as { residentId: string }).residentId;
      exportRows = [
        // The same as here: no difference.
        ['GJ-105-0001', id(0), keyedTownship, keyedVillage, '边缘易致贫户', '风险消除'],
        ['GJ-105-0002', id(1), keyedTownship, keyedVillage, '突发严重困难户', '未消除'],
        ['GJ-105-0003', id(2), keyedTownship, keyedVillage, '边缘易致贫户', '风险消除'],
        // keyed[3] (GJ-105-0004) is not in the export.
        ['GJ-105-0050', id(4), keyedTownship, keyedVillage, '边缘易致贫户', '未消除'],
        ['GJ-105-0099', missingHereId, keyedTownship, keyedVillage, '边缘易致贫户', '未消除'],
      ];
    }, 120_000);

    async function send(
      body: Uint8Array | string,
      contentType: string,
      query = `?townshipCode=${keyedTownship}`,
    ) {
      return t.http<Record<string, unknown>>(
        'api',
        'POST',
        `/v1/national/reconciliations${query}`,
        undefined,
        body,
        { 'content-type': contentType, authorization: `Bearer ${await t.token(city)}` },
      );
    }

    const csvOf = (rows: string[][]) =>
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(rows.map((r) => r.join(',')).join('\r\n')),
      ]);

    async function xlsxOf(rows: (string | number)[][]): Promise<Buffer> {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('监测对象');
      for (const row of rows) sheet.addRow(row);
      return Buffer.from(await workbook.xlsx.writeBuffer());
    }

    /** The differences as kind, household and the two sides, in order. */
    const summarised = (body: Record<string, unknown>) =>
      (
        body.differences as {
          kind: string;
          caseId: string | null;
          here: string | null;
          there: string | null;
        }[]
      ).map((d) => [d.kind, d.caseId, d.here, d.there]);

    const expected = () => {
      const c = (i: number) => (keyed[i] as { caseId: string }).caseId;
      return [
        ['class-differs', c(1), 'marginal', 'sudden-hardship'],
        ['mark-differs', c(2), 'monitoring', 'risk-eliminated'],
        ['record-differs', c(4), 'GJ-105-0005', 'GJ-105-0050'],
        ['missing-here', null, null, 'GJ-105-0099'],
        ['missing-there', c(3), 'GJ-105-0004', null],
      ];
    };

    it('lists each kind of difference from a CSV export, and the city resolves one (audited)', async () => {
      const imported = await send(csvOf([header, ...exportRows]), 'text/csv');
      expect(imported).toMatchObject({
        status: 201,
        body: {
          format: 'csv',
          townshipCode: keyedTownship,
          rows: 5,
          differenceCount: 5,
          unresolved: 5,
          next: null,
        },
      });
      expect(summarised(imported.body)).toEqual(expected());
      const reconciliationId = imported.body.reconciliationId as string;

      // Paged: two at a time, in order.
      const page = await t.api<Record<string, unknown>>(
        'GET',
        `/v1/national/reconciliations/${reconciliationId}?limit=2`,
        undefined,
        city,
      );
      expect(page.body).toMatchObject({ next: 2 });
      expect(summarised(page.body)).toEqual(expected().slice(0, 2));
      const rest = await t.api<Record<string, unknown>>(
        'GET',
        `/v1/national/reconciliations/${reconciliationId}?after=2`,
        undefined,
        city,
      );
      expect(summarised(rest.body)).toEqual(expected().slice(2));

      const resolution = `/v1/national/reconciliations/${reconciliationId}/differences/1/resolution`;
      const resolved = await t.api(
        'POST',
        resolution,
        { reasonCode: 'CORRECTED_IN_NATIONAL_SYSTEM' },
        city,
      );
      expect(resolved).toMatchObject({
        status: 200,
        body: {
          differenceNo: 1,
          kind: 'class-differs',
          resolution: {
            reasonCode: 'CORRECTED_IN_NATIONAL_SYSTEM',
            resolvedBy: expect.stringMatching(/^city-bureau-/),
          },
        },
      });
      expect((await t.api('POST', resolution, { reasonCode: 'x y' }, city)).status).toBe(400);
      expect(
        (
          await t.api(
            'POST',
            resolution,
            { reasonCode: 'CORRECTED' },
            { role: 'township-officer', divisionCode: keyedTownship },
          )
        ).status,
      ).toBe(403);
      const nowhere = `/v1/national/reconciliations/${reconciliationId}/differences/99/resolution`;
      expect(await t.api('POST', nowhere, { reasonCode: 'CORRECTED' }, city)).toMatchObject({
        status: 404,
        body: { code: 'RECONCILIATION.DIFFERENCE_NOT_FOUND' },
      });
      const after = await t.api<Record<string, unknown>>(
        'GET',
        `/v1/national/reconciliations/${reconciliationId}`,
        undefined,
        city,
      );
      expect(after.body).toMatchObject({ unresolved: 4, differenceCount: 5 });
      const audited = await t.db.query(
        `SELECT outcome, reason FROM audit_log WHERE kind = 'national.difference-resolved' AND target = $1`,
        [`${reconciliationId}/1`],
      );
      expect(audited.rows).toEqual([{ outcome: 'ok', reason: 'CORRECTED_IN_NATIONAL_SYSTEM' }]);

      // The ID numbers of the export are kept only as household keys.
      const stored = await t.db.query<{ row: string }>(
        `SELECT row_to_json(r)::text AS row FROM national_export_rows r WHERE reconciliation_id = $1
         UNION ALL SELECT row_to_json(d)::text FROM national_differences d WHERE reconciliation_id = $1`,
        [reconciliationId],
      );
      const ids = [...keyed.map((k) => k.residentId), missingHereId];
      expect(stored.rows.filter((r) => ids.some((id) => r.row.includes(id)))).toEqual([]);
      expect(stored.rows.length).toBe(10);
    });

    it('reads the same export from an .xlsx workbook, by column keys, other columns ignored', async () => {
      const keys = [
        '序号',
        'recordId',
        'residentId',
        'townshipCode',
        'villageCode',
        'householdClass',
        'mark',
      ];
      const codes: Record<string, string> = {
        边缘易致贫户: 'marginal',
        突发严重困难户: 'sudden-hardship',
        风险消除: 'risk-eliminated',
        未消除: 'monitoring',
      };
      const rows = exportRows.map((r, i) => [i + 1, ...r.map((cell) => codes[cell] ?? cell)]);
      const imported = await send(
        await xlsxOf([keys, ...rows]),
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(imported).toMatchObject({
        status: 201,
        body: { format: 'xlsx', rows: 5, differenceCount: 5 },
      });
      expect(summarised(imported.body)).toEqual(expected());
    });

    it('refuses files it cannot take with a 4xx and a stable code, naming no value', async () => {
      const badId = withWrongCheckChar((keyed[1] as { residentId: string }).residentId);
      const answers = {
        noColumn: await send(
          csvOf([header.slice(0, 5), ...exportRows.map((r) => r.slice(0, 5))]),
          'text/csv',
        ),
        headerOnly: await send(csvOf([header]), 'text/csv'),
        notWorkbook: await send(
          Buffer.from('PK not a workbook'),
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        ),
        pdf: await send(Buffer.from('%PDF-1.4'), 'application/pdf'),
        badRow: await send(
          csvOf([
            header,
            [
              ...(exportRows[1] as string[]).slice(0, 1),
              badId,
              ...(exportRows[1] as string[]).slice(2),
            ],
          ]),
          'text/csv',
        ),
        otherTownship: await send(
          csvOf([header, ...exportRows]),
          'text/csv',
          '?townshipCode=220681200',
        ),
        outsideCounty: await send(
          csvOf([header, ...exportRows]),
          'text/csv',
          '?townshipCode=220602001',
        ),
      };
      expect(
        Object.fromEntries(Object.entries(answers).map(([k, a]) => [k, [a.status, a.body.code]])),
      ).toEqual({
        noColumn: [400, 'NATIONAL.EXPORT_UNREADABLE'],
        headerOnly: [400, 'NATIONAL.EXPORT_EMPTY'],
        notWorkbook: [400, 'NATIONAL.EXPORT_UNREADABLE'],
        pdf: [415, 'INPUT.UNSUPPORTED_MEDIA_TYPE'],
        badRow: [400, 'INPUT.INVALID'],
        otherTownship: [400, 'INPUT.INVALID'],
        outsideCounty: [422, 'DIVISION.UNKNOWN'],
      });
      expect(answers.badRow.body.details).toEqual([
        expect.objectContaining({ field: 'line 2: residentId', rule: 'checksum' }),
      ]);
      expect(JSON.stringify(answers)).not.toContain(badId.slice(0, 17));
      // Nothing of the refused files was stored; no ID number reached the API's log.
      const log = await readFile(t.system.services.api.spec.logFile, 'utf8');
      const ids = [...keyed.map((k) => k.residentId.slice(0, 17)), missingHereId.slice(0, 17)];
      expect(ids.filter((id) => log.includes(id))).toEqual([]);
    });
  });
});
