import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

import { Client, Connection, type WorkflowExecutionInfo } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { Type } from 'protobufjs';

import type { AlertBatchView } from '@fanpin/contracts';
import {
  ServiceNames,
  locateTemporalCli,
  silentLog,
  workspaceRoot,
  type ServiceName,
} from '@fanpin/devstack';
import { EncryptionCodec, commonSettings, temporalDataConverter } from '@fanpin/platform';

import { cadreOf, cityBureau, healthBureau, type AccountSpec } from '../support/accounts';
import { runPayloadKeys, suiteSystem, waitUntil } from '../support/harness';
import { newResidentId, riskyFigures, uniqueId, withWrongCheckChar } from '../support/records';
import {
  PayloadScanner,
  personalDataIn,
  type Finding,
  type Person,
} from '../support/personal-data-scan';

const execFileAsync = promisify(execFile);
const proto = temporal.api;
const asType = (t: unknown): Type => t as Type;

/** A name no other suite uses: a surname and three characters drawn at random. */
/** Names given in this run: each person's is their own, so that a find names one way in. */
const namesGiven = new Set<string>();

function distinctiveName(): string {
  const chars = '琰璟珩瑾昶晟煜熠曜燚淼焱鑫垚犇骉羲翊翀鹄';
  const pick = () => chars[randomInt(chars.length)] ?? '琰';
  for (;;) {
    const surname = randomInt(4);
    const name = `${'欧阳司马诸葛上官'.slice(2 * surname, 2 * surname + 2)}${pick()}${pick()}`;
    if (!namesGiven.has(name)) {
      namesGiven.add(name);
      return name;
    }
  }
}

function newPerson(): Person {
  return {
    name: distinctiveName(),
    residentId: newResidentId(),
    phone: `1${'3456789'[randomInt(7)]}${String(randomInt(1_000_000_000)).padStart(9, '0')}`,
  };
}

/** What production runs at: the services' own default, as docker-compose.yml passes it on. */
function productionLogLevel(): string {
  return commonSettings(0).LOG_LEVEL.parse(undefined, 'LOG_LEVEL');
}

/** A comma-separated list the global setup gives for the whole run (every Jest worker's). */
function runList(name: string): string[] {
  return (process.env[name] ?? '').split(',').filter(Boolean);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** Runs `fn` over `items`, `limit` at a time. */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: limit }, async () => {
    while (next < items.length) await fn(items[next++] as T);
  });
  await Promise.all(lanes);
}

/**
 * Personal data (names, resident ID numbers, phones) enters by every way in — a bureau's alert, a
 * bureau's batch as JSON and as CSV, a household's declaration (申报), a cadre's screening (排查),
 * a member joining a household and leaving it (家庭成员), and refused versions of them — and none of it may reach Temporal or a log line in the clear.
 * The search covers every execution of the run, whoever started it (this suite's, and any other
 * suite's, whichever Jest worker's Temporal server ran it and whatever order they ran in): its workflow id, its search attributes
 * and memo as listed, its history as Temporal stores it (raw bytes: encrypted payloads must not
 * hold plaintext) and with every payload decoded through the system's codec (with every payload key
 * of the run), and, while it runs, its description (pending activities' failures and heartbeats).
 * Then every log file of the run, written at the level production runs. It looks for this suite's
 * own values exactly, and for any valid resident ID number or mobile number from any suite. The
 * rule for sealed personal data inside decoded payloads is `SealedPersonalDataFields`: none.
 */
describe('no personal data in Temporal or the logs, whoever put it there', () => {
  const level = productionLogLevel();
  const t = suiteSystem(
    'personal-data-leak',
    Object.fromEntries(ServiceNames.map((name) => [name, { LOG_LEVEL: level }])),
  );
  let cli: string;
  const village = '220681100200';
  const cadre = cadreOf(village);
  const ways = ['alert', 'batch-json', 'batch-csv', 'declaration', 'screening', 'member'] as const;
  const people = Object.fromEntries(ways.map((w) => [w, newPerson()])) as Record<
    (typeof ways)[number],
    Person
  >;
  /** Refused on the way in, and just as personal: an ID number that fails its check. */
  const refused = { ...newPerson(), residentId: withWrongCheckChar(newResidentId()) };
  const values = new Map<string, string>([
    ...ways.flatMap((way) => [
      [`the name sent by ${way}`, people[way].name] as const,
      [`the ID number sent by ${way}`, people[way].residentId] as const,
      [`the phone sent by ${way}`, people[way].phone] as const,
    ]),
    ['the name of a refused record', refused.name],
    ['the refused ID number', refused.residentId],
    ['the phone of a refused record', refused.phone],
  ]);
  const caseIds: Partial<Record<(typeof ways)[number], string>> = {};

  const caseOfAlert = async (source: string, alertId: string): Promise<string> => {
    const [alert] = await t.rowsWhen<{ case_id: string }>(
      'SELECT case_id FROM alerts WHERE source = $1 AND alert_id = $2 AND case_id IS NOT NULL',
      [source, alertId],
      (rows) => rows.length === 1,
      60_000,
    );
    return alert!.case_id;
  };

  async function sendBatch(batchId: string, body: string, contentType: string): Promise<void> {
    const headers = { authorization: `Bearer ${await t.token(healthBureau)}` };
    const sent = await t.http('api', 'PUT', `/v1/alert-batches/${batchId}`, undefined, body, {
      ...headers,
      'content-type': contentType,
    });
    expect(sent.status).toBe(202);
    await waitUntil(
      `batch ${batchId} done`,
      async () => {
        const path = `/v1/alert-batches/${batchId}`;
        const got = await t.api<AlertBatchView>('GET', path, undefined, healthBureau);
        return got.body.status === 'done' ? got.body : undefined;
      },
      60_000,
    );
  }

  /** Posts a way in, which is accepted (202): what it answers. */
  async function accepted<T>(urlPath: string, body: unknown, as?: AccountSpec): Promise<T> {
    const answer = await t.api<T>('POST', urlPath, body, as);
    expect(answer.status).toBe(202);
    return answer.body;
  }

  /** A bureau's alert, and the same alert with an ID number that fails its check (400). */
  async function alert(): Promise<string> {
    const p = people.alert;
    const body = {
      alertId: uniqueId('LEAK'),
      bureau: 'health',
      villageCode: village,
      head: { name: p.name, residentId: p.residentId, phone: p.phone },
      triggers: [2, 5],
    };
    const bad = { ...body, alertId: uniqueId('LEAK'), head: refused };
    expect(await t.api('POST', '/v1/alerts', bad)).toMatchObject({
      status: 422,
      body: { code: 'RESIDENT_ID.INVALID' },
    });
    const { caseId } = await accepted<{ caseId: string }>('/v1/alerts', body);
    await member(caseId.slice('case-'.length));
    return caseId;
  }

  /**
   * A member joins the alert's household (an ID number that fails its check refused first), is
   * listed, and leaves again.
   */
  async function member(householdKey: string): Promise<void> {
    const p = people.member;
    const url = `/v1/households/${householdKey}/members`;
    const form = { name: p.name, relation: 'child', reasonCode: 'birth', joinedOn: '2026-11-20' };
    const bad = { ...form, residentId: refused.residentId };
    expect(await t.api('POST', url, bad, cadre)).toMatchObject({
      status: 422,
      body: { code: 'RESIDENT_ID.INVALID' },
    });
    const joined = await t.api<{ memberId: string }>(
      'POST',
      url,
      { ...form, residentId: p.residentId, conditions: ['serious-illness'] },
      cadre,
    );
    expect(joined.status).toBe(200);
    expect((await t.api('GET', url, undefined, cadre)).status).toBe(200);
    const left = { reasonCode: 'moved-out', leftOn: '2026-11-30' };
    const leave = `${url}/${joined.body.memberId}/leave`;
    expect((await t.api('POST', leave, left, cadre)).status).toBe(200);
  }

  /** A JSON batch: the person's record, and a refused one beside it. */
  async function batchJson(): Promise<string> {
    const p = people['batch-json'];
    const record = (alertId: string, head: Person) => ({
      alertId,
      villageCode: village,
      head,
      triggers: [2],
    });
    const alertId = uniqueId('LJ');
    const body = { records: [record(alertId, p), record(uniqueId('LJ'), refused)] };
    await sendBatch(uniqueId('LEAKJ'), JSON.stringify(body), 'application/json');
    return caseOfAlert('health', alertId);
  }

  /** A CSV batch as office software writes it, with the Chinese header. */
  async function batchCsv(): Promise<string> {
    const p = people['batch-csv'];
    const alertId = uniqueId('LC');
    const csv = [
      '预警编号,村代码,户主姓名,身份证号,联系电话,触发情形',
      `${alertId},${village},${p.name},${p.residentId},${p.phone},2;5`,
      `${uniqueId('LC')},${village},${refused.name},${refused.residentId},${refused.phone},2`,
    ].join('\r\n');
    await sendBatch(uniqueId('LEAKC'), `${csv}\r\n`, 'text/csv; charset=utf-8');
    return caseOfAlert('health', alertId);
  }

  /** A declaration the village records from the 12317 hotline. */
  async function declaration(): Promise<string> {
    const body = {
      declarationId: uniqueId('LD'),
      channel: 'hotline-12317',
      villageCode: village,
      head: people.declaration,
      triggers: [2],
    };
    return (await accepted<{ caseId: string }>('/v1/declarations', body, cadre)).caseId;
  }

  /** A cadre's screening, reported. */
  async function screening(): Promise<string> {
    const body = {
      screeningId: uniqueId('LS'),
      villageCode: village,
      head: people.screening,
      figures: riskyFigures,
      decision: 'report',
    };
    const screened = await accepted<{ receipt: { caseId: string } }>('/v1/screenings', body, cadre);
    return screened.receipt.caseId;
  }

  /**
   * The alert's case goes on: a refused decision (its failure travels through Temporal too), the
   * inclusion, the assistance plan and a measure carried out, through their activities.
   */
  async function includeAndAssist(caseId: string): Promise<void> {
    await t.reachCityDetermination(caseId);
    const otherKind = await t.api(
      'POST',
      `/v1/cases/${caseId}/tasks/determination-1`,
      { kind: 'manual-national-entry', entryId: 'NM0000000001', enteredOn: '2026-11-30' },
      cityBureau,
    );
    expect(otherKind).toMatchObject({ status: 400, body: { details: [{ field: 'kind' }] } });
    expect((await t.determine(caseId, { include: true, householdClass: 'marginal' })).status).toBe(
      200,
    );
    await t.waitForCase(caseId, (s) => s.openTask?.taskId === 'assistance-plan-1');
    const plan = {
      kind: 'assistance-plan',
      measures: [
        {
          measureId: 'M-1',
          kind: 'safety-net',
          measureCode: 'MINIMUM_LIVING_ALLOWANCE',
          leadDepartment: 'civil-affairs',
          responsibleDepartments: [],
          dueOn: '2027-06-30',
        },
      ],
      announcedOn: '2026-11-30',
    };
    const tasks = `/v1/cases/${caseId}/tasks`;
    expect((await t.api('POST', `${tasks}/assistance-plan-1`, plan, cityBureau)).status).toBe(200);
    await t.waitForCase(caseId, (s) => s.stage === 'MONITORING');
    const civil = {
      role: 'lead-department' as const,
      divisionCode: '220681',
      org: 'civil-affairs',
    };
    const done = {
      kind: 'assistance-measure',
      status: 'done',
      percent: 100,
      reportedOn: '2026-12-01',
      facts: { type: 'social-assistance', status: 'minimum-living-allowance', monthlyAmount: 500 },
    };
    expect((await t.api('POST', `${tasks}/measure-M-1`, done, civil)).status).toBe(200);
    await t.waitForCase(caseId, (s) => !s.openTasks?.length);
  }

  /** The screening's case is refused by the city: the case ends, through its activities. */
  async function exclude(caseId: string): Promise<void> {
    await t.reachCityDetermination(caseId);
    const refusal = { include: false, reasonCode: 'INCOME_ABOVE_LINE' };
    expect((await t.determine(caseId, refusal)).status).toBe(200);
    await (await t.client()).workflow.getHandle(caseId).result();
  }

  beforeAll(async () => {
    cli = await locateTemporalCli(silentLog);
    const [alertCase, jsonCase, csvCase, declarationCase, screeningCase] = await Promise.all([
      alert(),
      batchJson(),
      batchCsv(),
      declaration(),
      screening(),
    ]);
    Object.assign(caseIds, {
      alert: alertCase,
      'batch-json': jsonCase,
      'batch-csv': csvCase,
      declaration: declarationCase,
      screening: screeningCase,
    });
    await Promise.all([
      includeAndAssist(alertCase),
      exclude(screeningCase),
      ...[jsonCase, csvCase, declarationCase].map((id) =>
        t.waitForCase(id, (s) => s.stage === 'VILLAGE_VERIFICATION'),
      ),
    ]);
  });

  it('runs every service at the log level production runs', async () => {
    const compose = await readFile(path.join(workspaceRoot, 'docker-compose.yml'), 'utf8');
    expect(compose).toContain(`LOG_LEVEL: \${LOG_LEVEL:-${level}}`);
    const levels = ServiceNames.map(
      (name: ServiceName) => t.system.services[name].spec.env.LOG_LEVEL,
    );
    expect(new Set(levels)).toEqual(new Set([level]));
  });

  it('would see a personal value in a payload, decoded, and not in its encrypted bytes', async () => {
    const keys = await runPayloadKeys();
    const scanner = new PayloadScanner(keys, values);
    const codec = new EncryptionCodec({ current: t.secrets.payloadCodecKey });
    const [sealed] = await codec.encode([
      {
        metadata: { encoding: Buffer.from('json/plain') },
        data: Buffer.from(JSON.stringify({ head: { name: people.alert.name } })),
      },
    ]);
    const found = await scanner.scanPayload('planted', sealed ?? {});
    expect(found).toEqual([
      { where: 'planted (decoded) $.head.name', what: 'the name sent by alert' },
    ]);
    expect(Buffer.from(sealed?.data ?? []).includes(Buffer.from(people.alert.name))).toBe(false);
  });

  it('finds none in any execution of the run: id, search attributes, memo, history, description', async () => {
    // Every Jest worker's Temporal server: the run's other suites, whichever worker ran them.
    const addresses = runList('FANPIN_TEST_RUN_TEMPORAL_ADDRESSES');
    expect(addresses).toContain(t.temporalAddress);
    for (const address of addresses) await scanExecutions(address);
  });

  async function scanExecutions(address: string): Promise<void> {
    const connection = await Connection.connect({ address });
    try {
      const keys = await runPayloadKeys();
      expect(keys).toContain(t.secrets.payloadCodecKey);
      const [current, ...previous] = keys;
      const client = new Client({
        connection,
        dataConverter: temporalDataConverter({ current: current ?? '', previous }),
      });
      const scanner = new PayloadScanner(keys, values);
      // Visibility is eventually consistent: wait until it lists every case this suite opened.
      const ours = address === t.temporalAddress ? Object.values(caseIds) : [];
      let executions: WorkflowExecutionInfo[] = [];
      for (let tries = 0; ; tries += 1) {
        executions = [];
        for await (const e of client.workflow.list()) executions.push(e);
        const listed = new Set(executions.map((e) => e.workflowId));
        if (ours.every((id) => listed.has(id)) || tries > 40) break;
        await sleep(500);
      }
      expect(executions.map((e) => e.workflowId)).toEqual(expect.arrayContaining(ours));
      const found: Finding[] = [];
      await eachLimited(executions, 6, async (e) => {
        const where = `${e.type} ${e.workflowId} ${e.runId}`;
        found.push(...personalDataIn(`${where} workflow id`, e.workflowId, values));
        const info = proto.workflow.v1.WorkflowExecutionInfo;
        found.push(...(await scanner.scanMessage(`${where} as listed`, e.raw, asType(info))));
        const handle = client.workflow.getHandle(e.workflowId, e.runId);
        const history = await handle.fetchHistory();
        found.push(
          ...(await scanner.scanMessage(where, history, asType(proto.history.v1.History))),
        );
        if (e.status.name === 'RUNNING') {
          const described = (await handle.describe()).raw;
          const type = asType(proto.workflowservice.v1.DescribeWorkflowExecutionResponse);
          found.push(...(await scanner.scanMessage(`${where} described`, described, type)));
        }
      });
      expect(found).toEqual([]);
      if (executions.length > 0) expect(scanner.decrypted).toBeGreaterThan(executions.length);
    } finally {
      await connection.close();
    }
  }

  it('finds none in any log line of the run', async () => {
    const logDirs = runList('FANPIN_TEST_RUN_LOG_DIRS');
    const files = (await Promise.all(logDirs.map(filesUnder))).flat();
    const logDir = process.env.FANPIN_TEST_LOG_DIR ?? '';
    expect(files).toContain(path.join(logDir, 'personal-data-leak', 'api.log'));
    const found: Finding[] = [];
    for (const file of files) {
      found.push(...personalDataIn(file, await readFile(file, 'utf8'), values));
    }
    expect(found).toEqual([]);
  });

  it('lets a supervisor read a history through the codec endpoint, and no one else', async () => {
    const caseId = caseIds.alert as string;
    const endpoint = `${t.system.services.api.url}/codec`;
    const token = await t.token({ role: 'supervisor' });
    const { stdout } = await execFileAsync(
      cli,
      [
        ...['workflow', 'show', '--workflow-id', caseId, '--output', 'json'],
        ...['--address', t.temporalAddress, '--codec-endpoint', endpoint],
        ...['--codec-auth', `Bearer ${token}`],
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    // Decoded, the payloads read in the clear: the decision is there, the person is not.
    const readable = [...stdout.matchAll(/"([A-Za-z0-9+/]{8,}={0,2})"/g)]
      .map((m) => Buffer.from(m[1] ?? '', 'base64').toString('utf8'))
      .join('\n');
    expect(readable).toContain('"kind":"city-determination"');
    expect(readable).toContain('"householdClass":"marginal"');
    expect(personalDataIn('decoded history', readable, values)).toEqual([]);
    const asCity = await fetch(`${endpoint}/decode`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await t.token(cityBureau)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ payloads: [] }),
    });
    expect(asCity.status).toBe(403);
  });
});
