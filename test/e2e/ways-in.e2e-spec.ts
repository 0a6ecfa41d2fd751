import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import iconv from 'iconv-lite';

import { batchWorkflowId, type AlertBatchView, type BatchRejection } from '@fanpin/contracts';

import { bureauOf, cadreOf, healthBureau, type AccountSpec } from '../support/accounts';
import { suiteSystem } from '../support/harness';
import { newResidentId, riskyFigures, uniqueId, withWrongCheckChar } from '../support/records';
import { replayAndRecord } from '../support/histories';

/**
 * Every way in through the HTTP API as its users send it. Self-declarations (the household's app,
 * the 12317 hotline, written forms) and cadre screenings checked by the screening rules. Sector-bureau
 * batches: JSON and CSV (GBK, UTF-8 with a BOM), bad records refused line by line while the good
 * ones go on, re-sent batches and alerts changing nothing, the same households from two bureaus at
 * once, and a crash of the processing service in the middle of a batch.
 */
describe('ways in: declarations, screenings, sector-bureau batches', () => {
  const t = suiteSystem('batches');
  const village = '220681001200';

  function record(residentId = newResidentId(), extra: Record<string, unknown> = {}) {
    return {
      alertId: uniqueId('B'),
      villageCode: village,
      head: { name: '批量户主', residentId },
      triggers: [2],
      ...extra,
    };
  }

  async function put(batchId: string, body: unknown, as = healthBureau) {
    return t.api<AlertBatchView & { code?: string }>(
      'PUT',
      `/v1/alert-batches/${batchId}`,
      body,
      as,
    );
  }

  async function putRaw(
    batchId: string,
    bytes: Uint8Array,
    contentType: string,
    as = healthBureau,
  ) {
    return t.http<AlertBatchView & { code?: string; message?: string }>(
      'api',
      'PUT',
      `/v1/alert-batches/${batchId}`,
      undefined,
      bytes,
      { authorization: `Bearer ${await t.token(as)}`, 'content-type': contentType },
    );
  }

  async function done(
    batchId: string,
    as = healthBureau,
    timeoutMs = 60_000,
  ): Promise<AlertBatchView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = await t.api<AlertBatchView>('GET', `/v1/alert-batches/${batchId}`, undefined, as);
      if (got.body.status === 'done' || Date.now() > deadline) return got.body;
      await sleep(250);
    }
  }

  async function rejections(batchId: string, as = healthBureau): Promise<BatchRejection[]> {
    const got = await t.api<{ rejections: BatchRejection[] }>(
      'GET',
      `/v1/alert-batches/${batchId}/rejections`,
      undefined,
      as,
    );
    return got.body.rejections;
  }

  const caseOf = async (source: string, alertId: string): Promise<string | undefined> =>
    (
      await t.db.query<{ case_id: string }>(
        'SELECT case_id FROM alerts WHERE source = $1 AND alert_id = $2',
        [source, alertId],
      )
    ).rows[0]?.case_id;

  const keyOf = (residentId: string) =>
    `hh${createHmac('sha256', t.secrets.householdKeySecret).update(residentId).digest('hex').slice(0, 32)}`;
  const cadre = cadreOf(village);
  const head = (residentId: string) => ({ name: '申报户主', residentId });

  it('takes a household’s own declaration from the app, and staff’s records of hotline and written ones', async () => {
    const residentId = newResidentId();
    const household: AccountSpec = { role: 'household', householdKey: keyOf(residentId) };
    const declaration = {
      declarationId: uniqueId('DEC'),
      channel: 'app',
      villageCode: village,
      head: head(residentId),
      triggers: [2],
    };
    const declared = await t.api('POST', '/v1/declarations', declaration, household);
    expect(declared).toMatchObject({ status: 202, body: { status: 'dispatched' } });
    const caseId = declared.body.caseId as string;
    const opened = await t.waitForCase(caseId, (s) => s.stage === 'VILLAGE_VERIFICATION');
    expect(opened).toMatchObject({
      channel: 'self-declaration',
      alertIds: [declaration.declarationId],
    });
    // The same declaration again changes nothing.
    expect((await t.api('POST', '/v1/declarations', declaration, household)).body).toMatchObject({
      status: 'duplicate',
    });

    // Channels belong to who uses them; a household declares only for itself.
    const byPhone = { ...declaration, declarationId: uniqueId('DEC'), channel: 'hotline-12317' };
    expect((await t.api('POST', '/v1/declarations', byPhone, household)).status).toBe(403);
    expect(
      (
        await t.api(
          'POST',
          '/v1/declarations',
          { ...declaration, declarationId: uniqueId('DEC') },
          cadre,
        )
      ).status,
    ).toBe(403);
    const other = { ...declaration, declarationId: uniqueId('DEC'), head: head(newResidentId()) };
    expect((await t.api('POST', '/v1/declarations', other, household)).status).toBe(403);
    const elsewhere: AccountSpec = { role: 'village-cadre', divisionCode: '220681100200' };
    expect((await t.api('POST', '/v1/declarations', byPhone, elsewhere)).status).toBe(403);

    // The village records what came by phone or on paper.
    const written = {
      ...byPhone,
      channel: 'written-form',
      head: head(newResidentId()),
      triggers: [],
    };
    const recorded = await t.api('POST', '/v1/declarations', written, cadre);
    expect(recorded.status).toBe(202);
    const detail = await t.db.query(
      `SELECT detail FROM alerts WHERE source = 'self-declaration' AND alert_id = $1`,
      [written.declarationId],
    );
    expect(detail.rows[0].detail).toMatchObject({ declarationChannel: 'written-form' });

    // Per-field errors, never the value sent.
    const bad = await t.api(
      'POST',
      '/v1/declarations',
      { ...written, declarationId: uniqueId('DEC'), channel: 'fax', head: { residentId: 'x' } },
      cadre,
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/channel/);
    expect(JSON.stringify(bad.body)).toMatch(/head\.name|name/);
  });

  /** The township's screening coverage of `village` today (suites share the run's database). */
  async function coverageToday(): Promise<Record<'screenings' | 'screened' | 'reported', number>> {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    type Row = {
      villageCode: string;
      screenings: number;
      householdsScreened: number;
      householdsReported: number;
    };
    const answer = await t.api<{ villages: Row[] }>(
      'GET',
      `/v1/screenings/coverage?from=${today}&to=${today}`,
      undefined,
      { role: 'township-officer', divisionCode: village.slice(0, 9) },
    );
    expect(answer.status).toBe(200);
    const row = answer.body.villages.find((v) => v.villageCode === village);
    return {
      screenings: row?.screenings ?? 0,
      screened: row?.householdsScreened ?? 0,
      reported: row?.householdsReported ?? 0,
    };
  }

  it('checks a cadre’s screening against the rules, which suggest, and reports it when the cadre decides', async () => {
    const before = await coverageToday();
    const figures = riskyFigures;
    const residentId = newResidentId();
    const screening = {
      screeningId: uniqueId('SCR'),
      villageCode: village,
      head: head(residentId),
      figures,
      decision: 'report',
    };
    const reported = await t.api<{
      screening: {
        suggestion: string;
        suggestedTriggers: number[];
        findings: { rule: string; figures: unknown[] }[];
      };
      receipt: { caseId: string; status: string };
    }>('POST', '/v1/screenings', screening, cadre);
    expect(reported.status).toBe(202);
    expect(reported.body.screening.suggestion).toBe('nominate-for-verification');
    expect(reported.body.screening.findings.map((f) => f.rule)).toEqual(
      expect.arrayContaining([
        'INCOME_BELOW_LINE',
        'RIGID_EXPENSES_ABOVE_INCOME',
        'SHARP_INCOME_DROP',
      ]),
    );
    // The result explains itself: which rule, which figures.
    const below = reported.body.screening.findings.find((f) => f.rule === 'INCOME_BELOW_LINE');
    expect(JSON.stringify(below?.figures)).toMatch(/4200/);
    expect(JSON.stringify(below?.figures)).toMatch(/6000/);
    expect(reported.body.screening.suggestedTriggers).toEqual([2]);
    const opened = await t.waitForCase(
      reported.body.receipt.caseId,
      (s) => s.stage === 'VILLAGE_VERIFICATION',
    );
    expect(opened.channel).toBe('cadre-screening');

    // The cadre decides no risk: recorded nowhere as a case, the suggestion still shown.
    const quiet = {
      ...screening,
      screeningId: uniqueId('SCR'),
      head: head(newResidentId()),
      decision: 'no-risk',
    };
    const notReported = await t.api<{ receipt: unknown }>('POST', '/v1/screenings', quiet, cadre);
    expect(notReported).toMatchObject({ status: 202, body: { receipt: null } });
    expect(
      await t.count(`SELECT 1 FROM alerts WHERE source = 'cadre-screening' AND alert_id = $1`, [
        quiet.screeningId,
      ]),
    ).toBe(0);
    // Both screenings count for the village's coverage (plan §6.4), the quiet one too; the same
    // screening again changes nothing, and its id is not reused for another household.
    expect((await t.api('POST', '/v1/screenings', quiet, cadre)).status).toBe(202);
    expect(
      await t.api('POST', '/v1/screenings', { ...quiet, head: head(newResidentId()) }, cadre),
    ).toMatchObject({ status: 409, body: { code: 'ALERT.CONFLICT' } });
    const after = await coverageToday();
    expect({
      screenings: after.screenings - before.screenings,
      screened: after.screened - before.screened,
      reported: after.reported - before.reported,
    }).toEqual({ screenings: 2, screened: 2, reported: 1 });
    const backwards = await t.api('GET', '/v1/screenings/coverage?from=2026-12-02&to=2026-12-01');
    expect(backwards).toMatchObject({ status: 400, body: { code: 'INPUT.INVALID' } });

    // Bad figures: a clear 400 naming the field; only village cadres screen.
    const negative = {
      ...screening,
      screeningId: uniqueId('SCR'),
      figures: { ...figures, incomePerCapita: -1 },
    };
    const refused = await t.api<{ code: string; message: string }>(
      'POST',
      '/v1/screenings',
      negative,
      cadre,
    );
    expect(refused).toMatchObject({ status: 400, body: { code: 'INPUT.INVALID' } });
    expect(refused.body.message).toContain('incomePerCapita');
    expect(
      (
        await t.api('POST', '/v1/screenings', screening, {
          role: 'township-officer',
          divisionCode: '220681001',
        })
      ).status,
    ).toBe(403);
  });

  it('stores a JSON batch, refuses bad records line by line, and opens a case for each good one', async () => {
    const good = [record(), record(), record(undefined, { incomePerCapita: 3100 })];
    const bad = [
      record(withWrongCheckChar(newResidentId())),
      record(undefined, { villageCode: '220681999999' }),
      record(undefined, { incomePerCapita: -5 }),
      { ...record(), alertId: good[0]!.alertId },
      { alertId: uniqueId('B'), villageCode: village, triggers: [2] },
      // An id built from a person's number would carry it into logs and reports.
      { ...record(), alertId: `A-${newResidentId()}` },
    ];
    const batchId = uniqueId('JSON');
    const withPersonalId = await put(`B-${newResidentId()}`, { records: good });
    expect(withPersonalId).toMatchObject({ status: 400, body: { code: 'INPUT.INVALID' } });
    const sent = await put(batchId, { records: [...good, ...bad] });
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ batchId, total: 9, rejected: 6 });

    const finished = await done(batchId);
    expect(finished).toMatchObject({
      status: 'done',
      total: 9,
      rejected: 6,
      newCases: 3,
      attached: 0,
      duplicates: 0,
      dispatched: 3,
    });
    expect(await rejections(batchId)).toEqual([
      expect.objectContaining({ line: 4, field: 'head.residentId', code: 'RESIDENT_ID.INVALID' }),
      expect.objectContaining({ line: 5, field: 'villageCode', code: 'DIVISION.UNKNOWN' }),
      expect.objectContaining({ line: 6, field: 'incomePerCapita', code: 'INPUT.INVALID' }),
      expect.objectContaining({ line: 7, field: 'alertId', code: 'ALERT.CONFLICT' }),
      expect.objectContaining({ line: 8, field: 'head', code: 'INPUT.INVALID' }),
      expect.objectContaining({ line: 9, field: 'alertId', code: 'INPUT.INVALID', alertId: null }),
    ]);
    // The report names fields and rules, never a value that was sent.
    const report = JSON.stringify(await rejections(batchId));
    expect(report).not.toContain(bad[5]!.alertId.slice(2));
    for (const r of [...good, ...bad]) {
      if ('head' in r) expect(report).not.toContain((r.head as { residentId: string }).residentId);
    }
    for (const r of good) {
      const caseId = await caseOf('health', r.alertId);
      expect(caseId).toMatch(/^case-hh/);
      const summary = await t.waitForCase(caseId!, (s) => s.stage === 'VILLAGE_VERIFICATION');
      expect(summary.alertIds).toEqual([r.alertId]);
    }
    const run = (await t.client()).workflow.getHandle(
      batchWorkflowId({ bureau: 'health', batchId }),
    );
    await run.result();
    await replayAndRecord(run, 'alert-batch');

    // The same batch again changes nothing; the same id with other content is refused.
    const again = await put(batchId, { records: [...good, ...bad] });
    expect(again).toMatchObject({ status: 200, body: { status: 'done', newCases: 3 } });
    const other = await put(batchId, { records: good });
    expect(other).toMatchObject({ status: 409, body: { code: 'BATCH.CONFLICT' } });
    // Another bureau does not see it.
    expect(
      (await t.api('GET', `/v1/alert-batches/${batchId}`, undefined, bureauOf('water'))).status,
    ).toBe(404);

    // Alerts sent before: the same content is a duplicate, other content a conflict; a further
    // alert for a household with an open case joins that case.
    const later = uniqueId('JSON');
    const further = record(good[1]!.head.residentId);
    await put(later, {
      records: [good[0], { ...good[2], triggers: [3] }, further],
    });
    expect(await done(later)).toMatchObject({
      total: 3,
      duplicates: 1,
      rejected: 1,
      attached: 1,
      newCases: 0,
      dispatched: 1,
    });
    const joined = await caseOf('health', good[1]!.alertId);
    const summary = await t.waitForCase(joined!, (s) => s.alertIds.length === 2);
    expect(summary.alertIds).toEqual([good[1]!.alertId, further.alertId]);
  });

  it('reads CSV as office software writes it: GBK with Chinese headers, UTF-8 with a BOM', async () => {
    const ids = [newResidentId(), newResidentId()];
    const tag = uniqueId('C');
    const gbkRows = [
      '预警编号,村代码,户主姓名,身份证号,联系电话,触发情形,人均纯收入',
      `GBK-${tag}-0,${village},张三,${ids[0]},13800138000,2;5,"4,200"`,
      `GBK-${tag}-1,${village},"李,四",${ids[1]},,1、3,`,
      `GBK-bad,${village},王五,${withWrongCheckChar(newResidentId())},,2,`,
      `GBK-long,${village},${'长'.repeat(5000)},${newResidentId()},,2,`,
      `GBK-ok2,${village},赵六,${newResidentId()},,2,`,
    ];
    const gbk = iconv.encode(gbkRows.join('\r\n') + '\r\n', 'gbk');
    const batchId = uniqueId('GBK');
    const sent = await putRaw(batchId, gbk, 'text/csv');
    expect(sent.status).toBe(202);
    expect(await done(batchId)).toMatchObject({ total: 5, rejected: 2, newCases: 3 });
    expect(await rejections(batchId)).toEqual([
      expect.objectContaining({ line: 4, code: 'RESIDENT_ID.INVALID' }),
      expect.objectContaining({ line: 5, field: 'line', code: 'INPUT.INVALID' }),
    ]);
    const stored = await t.db.query<{ triggers: number[]; income_per_capita: string }>(
      `SELECT triggers, income_per_capita FROM alert_batch_records
       WHERE source = 'health' AND batch_id = $1 AND line = 2`,
      [batchId],
    );
    expect(stored.rows).toEqual([{ triggers: [2, 5], income_per_capita: '4200.00' }]);

    const bom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(
        [
          'alertId,villageCode,name,residentId,triggers',
          `BOM-1-${tag},${village},张三,${ids[0]},2`,
          // A quote never closed: this line is refused, the next one still read.
          `BOM-2,${village},"unclosed,${newResidentId()},2`,
          `BOM-3-${tag},${village},李四,${ids[1]},4`,
        ].join('\n'),
        'utf8',
      ),
    ]);
    // The GBK batch's cases are stored by intake a moment after their hand-over: the next batch
    // finds them open once they are.
    await t.rowsWhen(
      `SELECT 1 FROM cases c JOIN alert_batch_records r ON r.household_key = c.household_key
       WHERE r.source = 'health' AND r.batch_id = $1 AND r.line IN (2, 3) AND c.status = 'open'`,
      [batchId],
      (rows) => rows.length === 2,
    );
    const utf8 = uniqueId('BOM');
    expect((await putRaw(utf8, bom, 'text/csv; charset=utf-8')).status).toBe(202);
    // Both households have cases from the GBK batch: their alerts join them.
    expect(await done(utf8)).toMatchObject({ total: 3, rejected: 1, attached: 2, newCases: 0 });

    const unreadable = await putRaw(
      uniqueId('BAD'),
      Buffer.from('just,some,words\n1,2,3\n'),
      'text/csv',
    );
    expect(unreadable).toMatchObject({ status: 400, body: { code: 'BATCH.UNREADABLE' } });
    const wrongType = await putRaw(uniqueId('BAD'), Buffer.from('<xml/>'), 'application/xml');
    expect(wrongType.status).toBe(415);
  });

  it('keeps one open case per household when two bureaus send the same households at once, three times', async () => {
    const people = Array.from({ length: 40 }, () => newResidentId());
    // Ids are codes: a person's number never goes into one (the API refuses it).
    const run = uniqueId('R');
    const batchFor = (source: string, round: number) => ({
      records: people.map((residentId, i) => ({
        alertId: `${source}-${round}-${i}-${run}`,
        villageCode: village,
        head: { name: '并发户主', residentId },
        triggers: [2],
      })),
    });
    const sends = [];
    for (let round = 0; round < 3; round++) {
      for (const source of ['health', 'civil-affairs']) {
        sends.push(put(`SAME-${round}-${run}`, batchFor(source, round), bureauOf(source)));
      }
    }
    const answers = await Promise.all(sends);
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202, 202]);
    for (let round = 0; round < 3; round++) {
      for (const source of ['health', 'civil-affairs']) {
        expect(await done(`SAME-${round}-${run}`, bureauOf(source))).toMatchObject({
          status: 'done',
          total: 40,
          rejected: 0,
        });
      }
    }
    const alerts = await t.db.query<{ case_id: string; n: string }>(
      `SELECT case_id, count(*) AS n FROM alerts WHERE batch_id LIKE $1 GROUP BY case_id`,
      [`SAME-%-${run}`],
    );
    // 40 households, each with its 6 alerts on one case.
    expect(alerts.rows).toHaveLength(40);
    expect(alerts.rows.every((r) => r.n === '6')).toBe(true);
    for (const { case_id } of alerts.rows.slice(0, 5)) {
      const s = await t.waitForCase(case_id, (c) => c.alertIds.length === 6);
      expect(s.alertIds).toHaveLength(6);
    }
    const openRuns = await t.db.query<{ household_key: string; n: string }>(
      `SELECT c.household_key, count(*) AS n FROM cases c
       WHERE c.case_id = ANY($1::text[]) AND c.status = 'open' GROUP BY c.household_key`,
      [alerts.rows.map((r) => r.case_id)],
    );
    expect(openRuns.rows.filter((r) => r.n !== '1')).toEqual([]);
  });

  it('hands over an alert stored but never handed over, as when the API died in between', async () => {
    const householdKey = await t.storedHousehold();
    const alertId = uniqueId('STRANDED');
    await t.db.query(
      `INSERT INTO alerts (source, alert_id, household_key, village_code, triggers, received_at)
       VALUES ('health', $1, $2, '220681001200', '{2}', now() - interval '1 minute')`,
      [alertId, householdKey],
    );
    // The outbox's sweep (every few seconds) locks the row, starts the case and marks it handed
    // over in the same transaction.
    const [row] = await t.rowsWhen<{ case_id: string | null; dispatched: boolean }>(
      'SELECT case_id, dispatched_at IS NOT NULL AS dispatched FROM alerts WHERE alert_id = $1',
      [alertId],
      (rows) => rows[0]?.dispatched === true,
      60_000,
    );
    expect(row).toEqual({ case_id: `case-${householdKey}`, dispatched: true });
    // Intake opens it at the village's verification, with the alert.
    const opened = await t.waitForCase(
      `case-${householdKey}`,
      (c) => c.stage === 'VILLAGE_VERIFICATION',
    );
    expect(opened.alertIds).toEqual([alertId]);
  });

  it('finishes a batch whose processing service was killed in the middle', async () => {
    const records = Array.from({ length: 300 }, () => record());
    const batchId = uniqueId('CRASH');
    expect((await put(batchId, { records })).status).toBe(202);
    await sleep(300);
    await t.system.kill(['intake']);
    await sleep(500);
    await t.system.start(['intake']);
    const finished = await done(batchId, healthBureau, 120_000);
    expect(finished).toMatchObject({ status: 'done', total: 300, newCases: 300, dispatched: 300 });
    const dispatched = await t.count(
      `SELECT 1 FROM alerts WHERE batch_id = $1 AND dispatched_at IS NOT NULL`,
      [batchId],
    );
    expect(dispatched).toBe(300);
  }, 180_000);
});
