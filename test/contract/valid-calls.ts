import { randomBytes } from 'node:crypto';

import type { Role } from '@fanpin/contracts';

import { allSecure, newResidentId, uniqueId } from '../support/harness';
import { urlOf } from './document';
import { jsonRequest, type RawRequest } from './http';
import { township, village, type Scenario } from './scenario';

/** A call that the API must answer with a documented success: who makes it, and the request. */
export interface ValidCall {
  /** The role whose token it carries; null for a public route. */
  role: Role | null;
  request: RawRequest;
}

type Make = (s: Scenario, path: string) => Promise<ValidCall>;

/** A JSON call as one role. */
const as =
  (
    role: Role,
    method: string,
    url: (s: Scenario, path: string) => Promise<string> | string,
    body?: (s: Scenario) => unknown,
  ): Make =>
  async (s, path) => ({
    role,
    request: jsonRequest(method, await url(s, path), body?.(s), await s.token(role)),
  });

/** The administrator acts on a staff account made for the call, with `body` if it takes one. */
const onNewAccount =
  (body?: object): Make =>
  async (s, path) => {
    const { id } = await s.newAccount('staff');
    const token = await s.token('administrator');
    const request = jsonRequest('POST', urlOf(path, { accountId: id }), body, token);
    return { role: 'administrator', request };
  };

const plain = (_: Scenario, path: string) => path;
const caseUrl = async (s: Scenario, path: string) =>
  urlOf(path, { caseId: (await s.firstCase()).caseId });
const householdUrl = async (s: Scenario, path: string) =>
  urlOf(path, { householdKey: (await s.firstCase()).householdKey });
const batchUrl = async (s: Scenario, path: string) => urlOf(path, { batchId: await s.batch() });
const reportUrl = async (s: Scenario, path: string) => urlOf(path, { reportId: await s.report() });

/**
 * A supervisor's staff account of its own, signed in with a bearer token: calls that end sessions
 * or change a password touch no account that other calls use.
 */
async function ownAccount(s: Scenario) {
  const accountId = `contract-${randomBytes(5).toString('hex')}`;
  const password = randomBytes(16).toString('hex');
  const body = { accountId, kind: 'staff', role: 'supervisor', password };
  const made = await s.t.api('POST', '/v1/admin/accounts', body, { role: 'administrator' });
  if (made.status !== 201) throw new Error(`account refused: ${JSON.stringify(made)}`);
  const login = await s.t.http<{ accessToken: string }>('api', 'POST', '/v1/auth/login', {
    accountId,
    password,
  });
  if (login.status !== 200) throw new Error(`sign-in failed: ${login.status}`);
  return { accountId, password, token: login.body.accessToken };
}

/** A year far ahead (2100–2199), different at each call. */
const farYear = () => 2100 + (randomBytes(1).readUInt8(0) % 100);

/** A draft line of `year`, valid in that year only (no other year's validity overlaps it). */
const policyDraftOf = (year: number) => ({
  incomeLine: 9000,
  validFrom: `${year}-01-01`,
  validUntil: `${year}-12-31`,
  noticeRef: 'conformance',
});

/** Publishes a line of a far year, as the city bureau. */
async function publishedYear(s: Scenario): Promise<void> {
  const year = farYear();
  const city = { role: 'city-bureau', divisionCode: '220681' } as const;
  const draft = await s.t.api<{ revision: number }>(
    'PUT',
    `/v1/policy/years/${year}/draft`,
    policyDraftOf(year),
    city,
  );
  const body = { revision: draft.body.revision };
  const published = await s.t.api('POST', `/v1/policy/years/${year}/publish`, body, city);
  if (published.status !== 200) throw new Error(`not published: ${JSON.stringify(published)}`);
}

/**
 * How to call each operation that needs more than a token: the state it acts on and a valid
 * body. An operation the document names and this table does not is called without parameters or
 * body when it takes none, as a role its `x-roles` names (else the test says to add it here).
 */
export const validCalls: Record<string, Make> = {
  'POST /v1/auth/login': (s) =>
    Promise.resolve({ role: null, request: jsonRequest('POST', '/v1/auth/login', s.t.admin) }),
  'POST /v1/auth/session': async (s) => {
    const { accountId, password } = await ownAccount(s);
    return {
      role: null,
      request: jsonRequest('POST', '/v1/auth/session', { accountId, password }),
    };
  },
  // Without credentials: it only clears the cookies (a call with a token would end its sessions).
  'POST /v1/auth/logout': () =>
    Promise.resolve({ role: null, request: { method: 'POST', url: '/v1/auth/logout' } }),
  // The session that changes the password stays signed in: the same call again is refused (403).
  'POST /v1/auth/password': async (s) => {
    const { password, token } = await ownAccount(s);
    const body = { currentPassword: password, newPassword: 'a new long passphrase' };
    return {
      role: 'supervisor',
      request: jsonRequest('POST', '/v1/auth/password', body, token),
    };
  },
  'POST /v1/auth/token': async (s) => {
    const client = await s.newAccount('integration');
    const body = { clientId: client.id, clientSecret: client.secret };
    return { role: null, request: jsonRequest('POST', '/v1/auth/token', body) };
  },
  'POST /v1/admin/accounts': as('administrator', 'POST', plain, () => ({
    accountId: uniqueId('officer').toLowerCase(),
    kind: 'staff',
    role: 'township-officer',
    divisionCode: '220681100',
    password: 'a long passphrase of twelve',
  })),
  'POST /v1/admin/accounts/{accountId}/disable': onNewAccount(),
  'POST /v1/admin/accounts/{accountId}/unlock': onNewAccount(),
  'POST /v1/admin/accounts/{accountId}/password': onNewAccount({
    newPassword: 'another long passphrase',
  }),
  // A year no deadline reaches: entering it recounts nothing any other suite waits for.
  'PUT /v1/calendar/years/{year}': as(
    'city-bureau',
    'PUT',
    (_, path) => urlOf(path, { year: '2199' }),
    () => ({ holidays: ['2199-01-01'], workdays: [], noticeRef: 'conformance' }),
  ),
  'POST /v1/alerts': as('sector-bureau', 'POST', plain, (s) => ({
    alertId: uniqueId('HEALTH'),
    bureau: 'health',
    villageCode: village,
    head: { ...s.head(), phone: '13800138000' },
    triggers: [2, 3],
  })),
  'GET /v1/alerts/{alertId}': as('sector-bureau', 'GET', async (s, path) =>
    urlOf(path, { alertId: (await s.firstCase()).alertIds[0] as string }),
  ),
  'PUT /v1/alert-batches/{batchId}': as(
    'sector-bureau',
    'PUT',
    (_, path) => urlOf(path, { batchId: uniqueId('BATCH') }),
    (s) => ({
      records: [{ alertId: uniqueId('B'), villageCode: village, head: s.head(), triggers: [4] }],
    }),
  ),
  'GET /v1/alert-batches/{batchId}': as('sector-bureau', 'GET', batchUrl),
  'GET /v1/alert-batches/{batchId}/rejections': as('sector-bureau', 'GET', batchUrl),
  'POST /v1/declarations': as('village-cadre', 'POST', plain, (s) => ({
    declarationId: uniqueId('DEC'),
    channel: 'hotline-12317',
    villageCode: village,
    head: s.head(),
    triggers: [2],
  })),
  'POST /v1/screenings': as('village-cadre', 'POST', plain, (s) => ({
    screeningId: uniqueId('SCR'),
    villageCode: village,
    head: s.head(),
    figures: {
      householdSize: 4,
      incomePerCapita: 3000,
      lastYearIncomePerCapita: 8000,
      rigidExpenses: 40_000,
      assurances: allSecure,
      labourCapacity: 'partial',
      liftedOutOfPoverty: false,
      events: ['seriousIllness'],
    },
    decision: 'report',
  })),
  'GET /v1/cases/{caseId}': as('city-bureau', 'GET', caseUrl),
  'POST /v1/cases/{caseId}/tasks/{taskId}': as(
    'village-cadre',
    'POST',
    async (s, path) =>
      urlOf(path, { caseId: (await s.newCase()).caseId, taskId: 'village-verification-1' }),
    () => ({
      kind: 'village-verification',
      outcome: 'nominate',
      incomePerCapita: 4200,
      lastYearIncomePerCapita: 7800,
      rigidExpenses: 36_000,
      assurances: allSecure,
      labourCapacity: 'partial',
      triggers: [2],
      commitmentSigned: true,
      commitmentSignedOn: '2026-11-30',
    }),
  ),
  'POST /v1/cases/{caseId}/objections': as(
    'village-cadre',
    'POST',
    async (s, path) => urlOf(path, { caseId: (await s.caseInNotice()).caseId }),
    () => ({ objectionId: uniqueId('OBJ'), groundsCode: 'INCOME_UNDERSTATED' }),
  ),
  'POST /v1/cases/{caseId}/policy': async (s, path) => {
    // A line published after the case opened: the case has something to move onto.
    const { caseId } = await s.newCase();
    await publishedYear(s);
    const request = jsonRequest(
      'POST',
      urlOf(path, { caseId }),
      { reasonCode: 'LINE_REVISED' },
      await s.token('city-bureau'),
    );
    return { role: 'city-bureau', request };
  },
  // A far year of its own: no figures are for it, so no other suite's judgement changes.
  'PUT /v1/policy/years/{year}/draft': as(
    'city-bureau',
    'PUT',
    (_, path) => urlOf(path, { year: '2199' }),
    () => policyDraftOf(2199),
  ),
  'POST /v1/policy/years/{year}/publish': async (s, path) => {
    const year = farYear();
    const draft = await s.t.api<{ revision: number }>(
      'PUT',
      `/v1/policy/years/${year}/draft`,
      policyDraftOf(year),
      { role: 'city-bureau', divisionCode: '220681' },
    );
    if (draft.status !== 200) throw new Error(`draft refused: ${JSON.stringify(draft)}`);
    const body = { revision: draft.body.revision };
    const request = jsonRequest(
      'POST',
      urlOf(path, { year: String(year) }),
      body,
      await s.token('city-bureau'),
    );
    return { role: 'city-bureau', request };
  },
  'GET /v1/triage/groups': as('city-bureau', 'GET', plain),
  'GET /v1/triage/items': as('supervisor', 'GET', (_, path) => `${path}?townshipCode=${township}`),
  // A village no suite reports from: the decision is valid and decides nothing.
  'POST /v1/triage/decisions': as('city-bureau', 'POST', plain, () => ({
    decision: 'dismiss',
    reason: 'DATA_ERROR',
    filter: { villageCode: '220681004203' },
  })),
  'POST /v1/policy/what-if': as('city-bureau', 'POST', plain, () => ({
    incomeLine: 6500,
    listLimit: 10,
  })),
  'POST /v1/cases/{caseId}/elimination-rollback': as(
    'city-bureau',
    'POST',
    async (s, path) => urlOf(path, { caseId: (await s.eliminatedCase()).caseId }),
    () => ({ rollbackId: uniqueId('RB'), reasonCode: 'INCOME_FELL_AGAIN' }),
  ),
  'POST /v1/cases/{caseId}/emergency-relief': as(
    'township-officer',
    'POST',
    async (s, path) => urlOf(path, { caseId: (await s.newCase()).caseId }),
    () => ({
      reliefId: uniqueId('ER'),
      kind: 'emergency-relief',
      amount: 800,
      grantedOn: '2026-12-07',
      reasonCode: 'SUDDEN_ILLNESS',
    }),
  ),
  'POST /v1/cases/{caseId}/fast-track': as(
    'city-bureau',
    'POST',
    async (s, path) => urlOf(path, { caseId: (await s.suddenHardshipCase()).caseId }),
    () => ({ reasonCode: 'SUDDEN_HARDSHIP' }),
  ),
  'GET /v1/cases/{caseId}/public-notice': as('village-cadre', 'GET', caseUrl),
  'GET /v1/cases/{caseId}/history': as('city-bureau', 'GET', caseUrl),
  'GET /v1/cases/{caseId}/file': as('city-bureau', 'GET', caseUrl),
  'GET /v1/villages/{villageCode}/public-notice': as('village-cadre', 'GET', (_, path) =>
    urlOf(path, { villageCode: village }),
  ),
  'GET /v1/villages/{villageCode}/announcement': as('village-committee', 'GET', (_, path) =>
    urlOf(path, { villageCode: village }),
  ),
  'GET /v1/villages/{villageCode}/appraisals/waiting': as('village-committee', 'GET', (_, path) =>
    urlOf(path, { villageCode: village }),
  ),
  'GET /v1/villages/{villageCode}/meetings': as('township-officer', 'GET', (_, path) =>
    urlOf(path, { villageCode: village }),
  ),
  'GET /v1/villages/{villageCode}/meetings/{meetingId}': as('city-bureau', 'GET', async (s, path) =>
    urlOf(path, { villageCode: village, meetingId: await s.meeting() }),
  ),
  'POST /v1/villages/{villageCode}/meetings': async (s, path) => {
    const { caseId } = await s.caseInAppraisal();
    const url = urlOf(path, { villageCode: village });
    const token = await s.token('village-committee');
    return {
      role: 'village-committee',
      request: jsonRequest('POST', url, s.meetingForm([caseId]), token),
    };
  },
  'GET /v1/registers/households': as('township-officer', 'GET', (_, path) => `${path}?limit=20`),
  'GET /v1/screenings/coverage': as(
    'township-officer',
    'GET',
    (_, path) => `${path}?from=2026-12-01&to=2026-12-31`,
  ),
  'GET /v1/registers/households.xlsx': as(
    'city-bureau',
    'GET',
    (_, path) => `${path}?villageCode=${village}`,
  ),
  'GET /v1/measures': as('lead-department', 'GET', (_, path) => `${path}?limit=20`),
  'GET /v1/dashboard': as('supervisor', 'GET', plain),
  'GET /v1/assessment': as(
    'supervisor',
    'GET',
    (_, path) => `${path}?from=2026-12-01&to=2026-12-31`,
  ),
  'GET /v1/assessment.xlsx': as(
    'city-bureau',
    'GET',
    (_, path) => `${path}?from=2026-12-01&to=2026-12-31`,
  ),
  'GET /v1/assessment.csv': as(
    'township-officer',
    'GET',
    (_, path) => `${path}?from=2026-12-01&to=2026-12-31`,
  ),

  'GET /v1/households/{householdKey}': as('village-cadre', 'GET', householdUrl),
  'GET /v1/households/{householdKey}/resident-id': as(
    'village-cadre',
    'GET',
    async (s, path) => `${await householdUrl(s, path)}?reason=home-visit`,
  ),
  // Moved to where it lives: the answer of a move, without moving what other calls act on.
  'POST /v1/households/{householdKey}/move': as('city-bureau', 'POST', householdUrl, () => ({
    villageCode: village,
    reasonCode: 'CONFORMANCE',
  })),
  'GET /v1/households/{householdKey}/members': as('township-officer', 'GET', householdUrl),
  'GET /v1/households/{householdKey}/members/changes': as('village-committee', 'GET', householdUrl),
  // A newborn joins the scenario's household, a new one on every call.
  'POST /v1/households/{householdKey}/members': as('village-cadre', 'POST', householdUrl, () => ({
    name: '新生儿',
    residentId: newResidentId(),
    relation: 'grandchild',
    reasonCode: 'birth',
    joinedOn: '2026-11-30',
  })),
  // A member who joined for the call leaves again.
  'POST /v1/households/{householdKey}/members/{memberId}/leave': async (s, path) => {
    const householdKey = (await s.firstCase()).householdKey;
    const joined = await s.t.api<{ memberId: string }>(
      'POST',
      `/v1/households/${householdKey}/members`,
      {
        name: '迁出人',
        residentId: newResidentId(),
        relation: 'other',
        reasonCode: 'moved-in',
        joinedOn: '2026-11-01',
      },
      { role: 'village-cadre', divisionCode: village },
    );
    const url = urlOf(path, { householdKey, memberId: joined.body.memberId });
    const body = { reasonCode: 'moved-out', leftOn: '2026-11-30' };
    return {
      role: 'city-bureau',
      request: jsonRequest('POST', url, body, await s.token('city-bureau')),
    };
  },
  'GET /v1/audit': as('supervisor', 'GET', (_, path) => `${path}?outcome=refused&limit=20`),
  'POST /codec/decode': as('supervisor', 'POST', plain, () => ({ payloads: [] })),
  'GET /v1/tasks': as('township-officer', 'GET', (_, path) => `${path}?limit=50`),
  'GET /v1/reports': as('city-bureau', 'GET', plain),
  'GET /v1/reports/{reportId}/xlsx': as('city-bureau', 'GET', reportUrl),
  'GET /v1/reports/{reportId}/csv': as('city-bureau', 'GET', reportUrl),
  'GET /v1/admin/accounts': as('administrator', 'GET', plain),
  'POST /v1/national/reconciliations': as(
    'city-bureau',
    'POST',
    (_, path) => `${path}?townshipCode=${township}`,
    (s) => ({ rows: [s.exportRow()] }),
  ),
  'GET /v1/national/reconciliations/{reconciliationId}': as(
    'city-bureau',
    'GET',
    async (s, path) => `${urlOf(path, { reconciliationId: await s.reconciliation() })}?limit=20`,
  ),
  'POST /v1/national/reconciliations/{reconciliationId}/differences/{differenceNo}/resolution': as(
    'city-bureau',
    'POST',
    async (s, path) =>
      urlOf(path, { reconciliationId: await s.reconciliation(), differenceNo: '1' }),
    () => ({ reasonCode: 'CORRECTED_IN_NATIONAL_SYSTEM' }),
  ),
  'GET /v1/divisions': as('village-committee', 'GET', plain),
};

/** The call of an operation the table does not name, when it needs nothing but a token. */
export async function genericCall(
  s: Scenario,
  path: string,
  method: string,
  roles: readonly string[] | undefined,
  needsInput: boolean,
): Promise<ValidCall | null> {
  if (needsInput || path.includes('{')) return null;
  if (roles === undefined) return { role: null, request: { method, url: path } };
  // A household account needs a household of its own: any other role will do.
  const role = roles.find((r) => r !== 'household') as Role | undefined;
  if (!role) return null;
  return { role, request: jsonRequest(method, path, undefined, await s.token(role)) };
}

/**
 * A valid CSV body of each operation that takes text/csv as well as JSON: the header and one
 * record, with the JSON call's columns (services/api/src/batches documents them).
 */
export const validCsvBodies: Record<string, (s: Scenario) => string> = {
  'POST /v1/national/reconciliations': (s) => {
    const row = s.exportRow();
    return [
      '监测对象编号,户主身份证号,乡镇代码,村代码,监测对象类型,风险消除标识',
      [
        row.recordId,
        row.residentId,
        row.townshipCode,
        row.villageCode,
        '边缘易致贫户',
        '未消除',
      ].join(','),
    ].join('\n');
  },
  'PUT /v1/alert-batches/{batchId}': (s) => {
    const { name, residentId } = s.head();
    return [
      'alertId,villageCode,name,residentId,phone,triggers,incomePerCapita,rigidExpenses',
      `${uniqueId('C')},${village},${name},${residentId},13800138000,2;5,4200,36000`,
    ].join('\n');
  },
};
