import {
  ErrorCodes,
  Permissions,
  Roles,
  completeTaskUpdate,
  type Role,
  type TaskCompletion,
} from '@fanpin/contracts';

import { healthBureau, type AccountSpec } from '../support/accounts';
import { standardForms, suiteSystem } from '../support/harness';
import { alertBody, newResidentId, uniqueId } from '../support/records';

/**
 * Who may do what, through the HTTP API as each role would: every route × every role × inside and
 * outside the role's jurisdiction, and anonymous callers. The matrix must name every route the API
 * documents, so that a new route cannot ship without its row.
 */
describe('access: authentication, roles and jurisdiction', () => {
  const t = suiteSystem('access');

  // Household A lives in 西大川村 of 桦树镇 and has a case waiting for the city; household B lives in
  // 台兴村 of 建国街道. "Outside" accounts are scoped to a neighbouring village (same township) or to
  // another township, so that each level of the division code is tested.
  const villageA = '220681100200';
  const villageNextToA = '220681100201';
  const townshipA = '220681100';
  const otherTownship = '220681001';
  let caseA: string;
  let householdA: string;
  let householdB: string;
  let alertOfHealth: string;
  let halfMonthlyOfA: string;
  let exchangeOfHealth: string;
  /** A batch the health bureau sent (one record of household B's village). */
  const batchOfHealth = uniqueId('BATCH');

  beforeAll(async () => {
    alertOfHealth = uniqueId('HEALTH');
    const a = await t.postAlert({
      alertId: alertOfHealth,
      villageCode: villageA,
      bureau: 'health',
    });
    const b = await t.postAlert({ villageCode: '220681001200', bureau: 'water' });
    expect([a.status, b.status]).toEqual([202, 202]);
    const batch = await t.api(
      'PUT',
      `/v1/alert-batches/${batchOfHealth}`,
      { records: [{ ...alertBody({ villageCode: '220681001200' }), bureau: undefined }] },
      healthBureau,
    );
    expect(batch.status).toBe(202);
    caseA = a.body.caseId;
    householdA = caseA.slice('case-'.length);
    // Two stored reports (as the Schedules would produce them): household A's township's half-monthly
    // report, and the health bureau's data exchange.
    const stored = async (kind: string, scope: string, content: object) =>
      (
        await t.db.query<{ report_id: string }>(
          `INSERT INTO reports (kind, scope, period_start, period_end, row_count, content)
           VALUES ($1, $2, '2024-05-31T15:59:59.999Z', '2024-06-15T15:59:59.999Z', 0, $3)
           ON CONFLICT (kind, scope, period_end) DO UPDATE SET row_count = 0
           RETURNING report_id`,
          [kind, scope, content],
        )
      ).rows[0]!.report_id;
    halfMonthlyOfA = await stored('half-monthly', townshipA, {
      declarations: [],
      warnings: [],
      reported: [],
    });
    exchangeOfHealth = await stored('bureau-exchange', 'health', {
      bureau: 'health',
      confirmed: [],
      outcomes: [],
    });
    householdB = b.body.caseId.slice('case-'.length);
    await t.reachCityDetermination(caseA);
  });

  type Scope = 'inside' | 'outside';
  type Caller = Role | 'anonymous';
  // Every role of the contract: a role added there is tested here without another edit.
  const callers: Caller[] = ['anonymous', ...Roles];

  /** The account acting for a role, inside or outside household A's jurisdiction. */
  function account(role: Role, scope: Scope): AccountSpec {
    switch (role) {
      case 'household':
        return { role, householdKey: scope === 'inside' ? householdA : householdB };
      case 'village-cadre':
      case 'village-committee':
        return { role, divisionCode: scope === 'inside' ? villageA : villageNextToA };
      case 'township-officer':
        return { role, divisionCode: scope === 'inside' ? townshipA : otherTownship };
      case 'city-bureau':
        // This deployment serves one city (临江市): there is no city bureau outside it.
        return { role, divisionCode: '220681' };
      case 'sector-bureau':
        return { role, kind: 'integration', org: scope === 'inside' ? 'health' : 'water' };
      case 'lead-department':
        return { role, org: scope === 'inside' ? 'agriculture' : 'education' };
      default:
        return { role };
    }
  }

  interface Row {
    method: string;
    /** As in the OpenAPI document. */
    path: string;
    request: (scope: Scope) => { url: string; body?: unknown };
    /** Expected status for each caller: [inside, outside]; unlisted roles get 403. */
    expected: Partial<Record<Caller, [number, number]>>;
    /** Accounts of their own for this row (a sign-out ends every session of its account). */
    label?: string;
  }

  type Expected = Partial<Record<Caller, [number, number]>>;
  const both = (status: number): [number, number] => [status, status];
  /** Village and township staff: `status` inside their scope, not found outside it. */
  const local = (status: number): Expected => ({
    'village-cadre': [status, 404],
    'village-committee': [status, 404],
    'township-officer': [status, 404],
  });
  /** Staff who read case files and notices of household A's village, and supervisors. */
  const inScopeStaff: Expected = {
    ...local(200),
    'city-bureau': both(200),
    supervisor: both(200),
  };
  /** Roles that may read household A inside their scope, and not outside it. */
  const readers: Expected = { household: [200, 404], ...inScopeStaff };
  /** Staff who record members joining and leaving: they get to the form's check (400) anywhere. */
  const memberChangers: Expected = {
    'village-cadre': both(400),
    'township-officer': both(400),
    'city-bureau': both(400),
  };
  /** Every member of staff but departments, and supervisors: a list narrowed to their scope. */
  const staffLists: Expected = {
    'village-cadre': both(200),
    'village-committee': both(200),
    'township-officer': both(200),
    'city-bureau': both(200),
    supervisor: both(200),
  };
  /** The supervisors' assessment of townships: the city and supervisors, a township its own. */
  const assessors: Expected = {
    'township-officer': both(200),
    'city-bureau': both(200),
    supervisor: both(200),
  };
  const publicRow = (status: number) =>
    Object.fromEntries(callers.map((c) => [c, both(status)])) as Record<Caller, [number, number]>;

  const rows: Row[] = [
    {
      method: 'GET',
      path: '/health/live',
      request: () => ({ url: '/health/live' }),
      expected: publicRow(200),
    },
    {
      method: 'GET',
      path: '/health/ready',
      request: () => ({ url: '/health/ready' }),
      expected: publicRow(200),
    },
    {
      method: 'POST',
      path: '/v1/auth/login',
      request: () => ({ url: '/v1/auth/login', body: { accountId: 'nobody', password: 'wrong' } }),
      expected: publicRow(401),
    },
    {
      method: 'POST',
      path: '/v1/auth/token',
      request: () => ({ url: '/v1/auth/token', body: { clientId: 'nobody', clientSecret: 'x' } }),
      expected: publicRow(401),
    },
    {
      method: 'POST',
      path: '/v1/auth/session',
      request: () => ({
        url: '/v1/auth/session',
        body: { accountId: 'nobody', password: 'wrong' },
      }),
      expected: publicRow(401),
    },
    {
      method: 'POST',
      path: '/v1/auth/logout',
      // Anyone may sign out: with a token it ends the account's sessions, without one it only
      // clears the cookies.
      request: () => ({ url: '/v1/auth/logout' }),
      expected: publicRow(204),
      label: 'signs-out',
    },
    {
      method: 'POST',
      path: '/v1/auth/password',
      // An empty form: every signed-in caller reaches validation (400), nothing changes.
      request: () => ({ url: '/v1/auth/password', body: {} }),
      expected: { ...publicRow(400), anonymous: both(401) },
    },
    {
      method: 'GET',
      path: '/v1/auth/me',
      request: () => ({ url: '/v1/auth/me' }),
      expected: { ...publicRow(200), anonymous: both(401) },
    },
    {
      method: 'GET',
      path: '/v1/divisions',
      request: () => ({ url: '/v1/divisions' }),
      expected: { ...publicRow(200), anonymous: both(401) },
    },
    {
      method: 'POST',
      path: '/v1/admin/accounts',
      // Allowed callers get to validation (400) without creating anything.
      request: () => ({ url: '/v1/admin/accounts', body: { accountId: 'x' } }),
      expected: { administrator: both(400) },
    },
    {
      method: 'GET',
      path: '/v1/admin/accounts',
      request: () => ({ url: '/v1/admin/accounts' }),
      expected: { administrator: both(200) },
    },
    {
      method: 'POST',
      path: '/v1/admin/accounts/{accountId}/disable',
      request: () => ({ url: '/v1/admin/accounts/no-such-account/disable' }),
      expected: { administrator: both(404) },
    },
    {
      method: 'POST',
      path: '/v1/admin/accounts/{accountId}/unlock',
      request: () => ({ url: '/v1/admin/accounts/no-such-account/unlock' }),
      expected: { administrator: both(404) },
    },
    {
      method: 'POST',
      path: '/v1/admin/accounts/{accountId}/password',
      request: () => ({
        url: '/v1/admin/accounts/no-such-account/password',
        body: { newPassword: 'a long passphrase of twelve' },
      }),
      expected: { administrator: both(404) },
    },
    {
      method: 'POST',
      path: '/v1/alerts',
      // Inside: the bureau's own alert (malformed, so nothing is stored). Outside: a valid alert
      // sent in another bureau's name.
      request: (scope) => ({
        url: '/v1/alerts',
        body:
          scope === 'inside'
            ? { bureau: 'health' }
            : alertBody({ bureau: 'health', villageCode: villageA, residentId: newResidentId() }),
      }),
      expected: { 'sector-bureau': [400, 403] },
    },
    {
      method: 'POST',
      path: '/v1/declarations',
      // An empty form: a caller who may declare reaches validation (400), nothing is stored.
      request: () => ({ url: '/v1/declarations', body: {} }),
      expected: {
        household: both(400),
        'village-cadre': both(400),
        'township-officer': both(400),
        'city-bureau': both(400),
      },
    },
    {
      method: 'POST',
      path: '/v1/screenings',
      request: () => ({ url: '/v1/screenings', body: {} }),
      expected: { 'village-cadre': both(400) },
    },
    {
      method: 'PUT',
      path: '/v1/alert-batches/{batchId}',
      // An empty batch: a bureau reaches the check (400), nothing is stored.
      request: () => ({ url: `/v1/alert-batches/${uniqueId('EMPTY')}`, body: { records: [] } }),
      expected: { 'sector-bureau': both(400) },
    },
    {
      method: 'GET',
      path: '/v1/alert-batches/{batchId}',
      // Inside: the health bureau's own batch; outside: the water bureau asks for it.
      request: () => ({ url: `/v1/alert-batches/${batchOfHealth}` }),
      expected: { 'sector-bureau': [200, 404] },
    },
    {
      method: 'GET',
      path: '/v1/alert-batches/{batchId}/rejections',
      request: () => ({ url: `/v1/alert-batches/${batchOfHealth}/rejections` }),
      expected: { 'sector-bureau': [200, 404] },
    },
    {
      method: 'GET',
      path: '/v1/alerts',
      request: () => ({ url: '/v1/alerts' }),
      expected: { 'sector-bureau': both(200) },
    },
    {
      method: 'GET',
      path: '/v1/alerts/{alertId}',
      request: () => ({ url: `/v1/alerts/${alertOfHealth}` }),
      expected: { 'sector-bureau': [200, 404] },
    },
    {
      method: 'GET',
      path: '/v1/cases/{caseId}',
      request: () => ({ url: `/v1/cases/${caseA}` }),
      expected: readers,
    },
    {
      method: 'POST',
      path: '/v1/cases/{caseId}/tasks/{taskId}',
      // A task that is not open, with a well-formed form: an allowed caller gets past the API's
      // check of the form and reaches the workflow, which refuses (409).
      request: () => ({
        url: `/v1/cases/${caseA}/tasks/village-verification-9`,
        body: { kind: 'democratic-appraisal', outcome: 'approved', heldOn: '2026-11-30' },
      }),
      expected: {
        ...local(409),
        'city-bureau': both(409),
        // Departments serve the whole city; which measures are theirs, the workflow checks.
        'lead-department': both(409),
      },
    },
    {
      method: 'POST',
      path: '/v1/cases/{caseId}/tasks/{taskId}',
      // The city's determination, open in case A, with a well-formed form of another kind: the
      // workflow refuses whoever does not decide (403), and the city bureau the form (400).
      request: () => ({
        url: `/v1/cases/${caseA}/tasks/determination-1`,
        body: { kind: 'manual-national-entry', entryId: 'NM0000000001', enteredOn: '2026-11-30' },
      }),
      expected: {
        ...local(403),
        'city-bureau': both(400),
        'lead-department': both(403),
      },
    },
    {
      method: 'POST',
      path: '/v1/cases/{caseId}/elimination-rollback',
      // Case A is not risk-eliminated: the city bureau reaches the workflow, which refuses (409).
      request: () => ({
        url: `/v1/cases/${caseA}/elimination-rollback`,
        body: { rollbackId: 'RB-MATRIX', reasonCode: 'INCOME_FELL_AGAIN' },
      }),
      expected: { 'city-bureau': both(409) },
    },
    {
      method: 'POST',
      path: '/v1/cases/{caseId}/emergency-relief',
      // Case A waits for the city: relief may still be recorded (the same id again changes nothing).
      request: () => ({
        url: `/v1/cases/${caseA}/emergency-relief`,
        body: {
          reliefId: 'ER-MATRIX',
          kind: 'emergency-relief',
          amount: 500,
          grantedOn: '2026-12-07',
          reasonCode: 'SUDDEN_ILLNESS',
        },
      }),
      expected: { 'township-officer': [200, 404], 'city-bureau': both(200) },
    },
    {
      method: 'POST',
      path: '/v1/cases/{caseId}/fast-track',
      // The city has case A already: the city bureau reaches the workflow, which refuses (409).
      request: () => ({
        url: `/v1/cases/${caseA}/fast-track`,
        body: { reasonCode: 'SUDDEN_HARDSHIP' },
      }),
      expected: { 'city-bureau': both(409) },
    },
    {
      method: 'POST',
      path: '/v1/cases/{caseId}/policy',
      // Case A keeps the lines published now already: the city bureau reaches the workflow (409).
      request: () => ({ url: `/v1/cases/${caseA}/policy`, body: { reasonCode: 'LINE_REVISED' } }),
      expected: { 'city-bureau': both(409) },
    },
    {
      method: 'POST',
      path: '/v1/cases/{caseId}/objections',
      // No public notice runs for case A: an allowed caller is refused by the workflow (409).
      request: () => ({
        url: `/v1/cases/${caseA}/objections`,
        body: { objectionId: 'OBJ-MATRIX', groundsCode: 'INCOME_UNDERSTATED' },
      }),
      expected: local(409),
    },
    {
      method: 'GET',
      path: '/v1/cases/{caseId}/public-notice',
      request: () => ({ url: `/v1/cases/${caseA}/public-notice` }),
      expected: inScopeStaff,
    },
    {
      method: 'GET',
      path: '/v1/cases/{caseId}/history',
      request: () => ({ url: `/v1/cases/${caseA}/history?limit=5` }),
      expected: inScopeStaff,
    },
    {
      method: 'GET',
      path: '/v1/cases/{caseId}/file',
      request: () => ({ url: `/v1/cases/${caseA}/file` }),
      expected: inScopeStaff,
    },
    {
      method: 'GET',
      path: '/v1/villages/{villageCode}/public-notice',
      request: () => ({ url: `/v1/villages/${villageA}/public-notice` }),
      expected: inScopeStaff,
    },
    {
      method: 'GET',
      path: '/v1/villages/{villageCode}/announcement',
      request: () => ({ url: `/v1/villages/${villageA}/announcement?limit=5` }),
      expected: inScopeStaff,
    },
    {
      method: 'GET',
      path: '/v1/villages/{villageCode}/appraisals/waiting',
      request: () => ({ url: `/v1/villages/${villageA}/appraisals/waiting?purpose=elimination` }),
      expected: inScopeStaff,
    },
    {
      method: 'GET',
      path: '/v1/villages/{villageCode}/meetings',
      request: () => ({ url: `/v1/villages/${villageA}/meetings?limit=5` }),
      expected: inScopeStaff,
    },
    {
      method: 'GET',
      path: '/v1/villages/{villageCode}/meetings/{meetingId}',
      // No such meeting: readers learn it (404), as those outside learn nothing of the village.
      request: () => ({ url: `/v1/villages/${villageA}/meetings/NO-SUCH-MEETING` }),
      expected: { ...local(404), 'city-bureau': both(404), supervisor: both(404) },
    },
    {
      method: 'POST',
      path: '/v1/villages/{villageCode}/meetings',
      // The committee gets to the form's check (400) without recording anything.
      request: () => ({ url: `/v1/villages/${villageA}/meetings`, body: { purpose: 'x' } }),
      expected: { 'village-committee': both(400) },
    },
    {
      method: 'GET',
      path: '/v1/registers/households',
      // Scope narrows the register (an empty one outside).
      request: () => ({ url: '/v1/registers/households?limit=5' }),
      expected: staffLists,
    },
    {
      method: 'GET',
      path: '/v1/screenings/coverage',
      // Scope narrows the villages (none outside).
      request: () => ({ url: '/v1/screenings/coverage?from=2026-12-01&to=2026-12-31' }),
      expected: {
        'village-cadre': both(200),
        'village-committee': both(200),
        'township-officer': both(200),
        'city-bureau': both(200),
        supervisor: both(200),
      },
    },
    {
      method: 'GET',
      path: '/v1/registers/households.xlsx',
      request: () => ({ url: `/v1/registers/households.xlsx?villageCode=${villageA}` }),
      expected: staffLists,
    },
    {
      method: 'GET',
      path: '/v1/measures',
      // A department its own measures; staff those of their jurisdiction.
      request: () => ({ url: '/v1/measures?limit=5' }),
      expected: {
        'township-officer': both(200),
        'city-bureau': both(200),
        'lead-department': both(200),
        supervisor: both(200),
      },
    },
    {
      method: 'GET',
      path: '/v1/dashboard',
      request: () => ({ url: '/v1/dashboard' }),
      expected: { 'city-bureau': both(200), supervisor: both(200) },
    },
    // The assessment and its two files: every township for the city, a township its own (any
    // township's).
    ...['', '.xlsx', '.csv'].map((file) => ({
      method: 'GET',
      path: `/v1/assessment${file}`,
      request: () => ({ url: `/v1/assessment${file}?from=2026-12-01&to=2026-12-31` }),
      expected: assessors,
    })),
    {
      method: 'GET',
      path: '/v1/households/{householdKey}',
      request: () => ({ url: `/v1/households/${householdA}` }),
      expected: readers,
    },
    {
      method: 'GET',
      path: '/v1/households/{householdKey}/resident-id',
      request: () => ({ url: `/v1/households/${householdA}/resident-id?reason=home-visit` }),
      expected: {
        'village-cadre': [200, 404],
        'township-officer': [200, 404],
        'city-bureau': both(200),
      },
    },
    {
      method: 'POST',
      path: '/v1/households/{householdKey}/move',
      // Allowed callers get to validation (400) without moving anything.
      request: () => ({ url: `/v1/households/${householdA}/move`, body: { villageCode: 'x' } }),
      expected: { 'township-officer': both(400), 'city-bureau': both(400) },
    },
    {
      method: 'GET',
      path: '/v1/households/{householdKey}/members',
      request: () => ({ url: `/v1/households/${householdA}/members` }),
      expected: readers,
    },
    {
      method: 'GET',
      path: '/v1/households/{householdKey}/members/changes',
      request: () => ({ url: `/v1/households/${householdA}/members/changes` }),
      expected: readers,
    },
    {
      method: 'POST',
      path: '/v1/households/{householdKey}/members',
      // Allowed callers get to validation (400) without adding anyone.
      request: () => ({ url: `/v1/households/${householdA}/members`, body: { relation: 'x' } }),
      expected: memberChangers,
    },
    {
      method: 'POST',
      path: '/v1/households/{householdKey}/members/{memberId}/leave',
      request: () => ({
        url: `/v1/households/${householdA}/members/1/leave`,
        body: { reasonCode: 'x' },
      }),
      expected: memberChangers,
    },
    {
      method: 'GET',
      path: '/v1/tasks',
      // Scope narrows the list (an empty one outside): every staff role and supervisors may ask.
      request: () => ({ url: '/v1/tasks?limit=5' }),
      // A department lists the measures it leads (none here, inside or out).
      expected: { ...staffLists, 'lead-department': both(200) },
    },
    {
      method: 'GET',
      path: '/v1/reports',
      request: () => ({ url: '/v1/reports?limit=5' }),
      expected: {
        'township-officer': both(200),
        'city-bureau': both(200),
        'sector-bureau': both(200),
        supervisor: both(200),
      },
    },
    {
      method: 'GET',
      path: '/v1/reports/{reportId}/csv',
      // A township's own half-monthly report; another township's (or a bureau's) is not found.
      request: () => ({ url: `/v1/reports/${halfMonthlyOfA}/csv` }),
      expected: {
        'township-officer': [200, 404],
        'city-bureau': both(200),
        'sector-bureau': both(404),
        supervisor: both(200),
      },
    },
    {
      method: 'GET',
      path: '/v1/reports/{reportId}/xlsx',
      request: () => ({ url: `/v1/reports/${exchangeOfHealth}/xlsx` }),
      expected: {
        'township-officer': both(404),
        'city-bureau': both(200),
        'sector-bureau': [200, 404],
        supervisor: both(200),
      },
    },
    {
      method: 'GET',
      path: '/v1/calendar/years',
      // Every account sees which years of the official calendar are arranged.
      request: () => ({ url: '/v1/calendar/years' }),
      expected: { ...publicRow(200), anonymous: both(401) },
    },
    {
      method: 'PUT',
      path: '/v1/calendar/years/{year}',
      // An empty form: the city bureau reaches validation (400), nothing is stored.
      request: () => ({ url: '/v1/calendar/years/2099', body: {} }),
      expected: { 'city-bureau': both(400) },
    },
    {
      method: 'POST',
      path: '/v1/national/reconciliations',
      // An export without rows: the city bureau reaches validation (400), nothing is stored.
      request: () => ({ url: '/v1/national/reconciliations', body: {} }),
      expected: { 'city-bureau': both(400) },
    },
    {
      method: 'GET',
      path: '/v1/national/reconciliations/{reconciliationId}',
      request: () => ({ url: '/v1/national/reconciliations/REC-none' }),
      expected: { 'city-bureau': both(404) },
    },
    {
      method: 'POST',
      path: '/v1/national/reconciliations/{reconciliationId}/differences/{differenceNo}/resolution',
      request: () => ({
        url: '/v1/national/reconciliations/REC-none/differences/1/resolution',
        body: { reasonCode: 'CORRECTED_THERE' },
      }),
      expected: { 'city-bureau': both(404) },
    },
    {
      method: 'GET',
      path: '/v1/triage/groups',
      // The city bureau's triage of bureaus' alerts: it and supervisors read the queue.
      request: () => ({ url: '/v1/triage/groups' }),
      expected: { 'city-bureau': both(200), supervisor: both(200) },
    },
    {
      method: 'GET',
      path: '/v1/triage/items',
      request: () => ({ url: '/v1/triage/items?limit=5' }),
      expected: { 'city-bureau': both(200), supervisor: both(200) },
    },
    {
      method: 'POST',
      path: '/v1/triage/decisions',
      // An empty form: the city bureau reaches validation (400), nothing is decided.
      request: () => ({ url: '/v1/triage/decisions', body: {} }),
      expected: { 'city-bureau': both(400) },
    },
    {
      method: 'GET',
      path: '/v1/policy/years',
      // Staff and supervisors see the yearly lines; sector bureaus and departments have no use.
      request: () => ({ url: '/v1/policy/years' }),
      expected: staffLists,
    },
    {
      method: 'PUT',
      path: '/v1/policy/years/{year}/draft',
      // An empty form: the city bureau reaches validation (400), nothing is stored.
      request: () => ({ url: '/v1/policy/years/2199/draft', body: {} }),
      expected: { 'city-bureau': both(400) },
    },
    {
      method: 'POST',
      path: '/v1/policy/years/{year}/publish',
      // A revision no year has: the city bureau is told there is no such draft (404).
      request: () => ({ url: '/v1/policy/years/2199/publish', body: { revision: 999 } }),
      expected: { 'city-bureau': both(404) },
    },
    {
      method: 'POST',
      path: '/v1/policy/what-if',
      request: () => ({ url: '/v1/policy/what-if', body: { incomeLine: 6500, listLimit: 0 } }),
      expected: { 'city-bureau': both(200) },
    },
    {
      method: 'GET',
      path: '/v1/audit',
      request: () => ({ url: '/v1/audit?limit=5' }),
      expected: { supervisor: both(200) },
    },
    {
      method: 'POST',
      path: '/codec/decode',
      request: () => ({ url: '/codec/decode', body: { payloads: [] } }),
      expected: { supervisor: both(200) },
    },
  ];

  function expectedStatus(row: Row, caller: Caller, scope: Scope): number {
    const pair = row.expected[caller];
    if (pair) return scope === 'inside' ? pair[0] : pair[1];
    return caller === 'anonymous' ? 401 : 403;
  }

  it('has a row for every route the API serves', async () => {
    const doc = await t.api<{ paths: Record<string, Record<string, unknown>> }>(
      'GET',
      '/docs/openapi.json',
      undefined,
      'anonymous',
    );
    const served = Object.entries(doc.body.paths).flatMap(([p, methods]) =>
      Object.keys(methods)
        .filter((m) => m !== 'options')
        .map((m) => `${m.toUpperCase()} ${p}`),
    );
    // A route may have more than one row (the determination is a task of its own kind).
    expect(served.sort()).toEqual([...new Set(rows.map((r) => `${r.method} ${r.path}`))].sort());
  });

  it('answers every route × role × jurisdiction as the matrix says', async () => {
    const mismatches: string[] = [];
    for (const row of rows) {
      for (const caller of callers) {
        for (const scope of ['inside', 'outside'] as const) {
          const { url, body } = row.request(scope);
          const as =
            caller === 'anonymous'
              ? 'anonymous'
              : { ...account(caller, scope), ...(row.label ? { label: row.label } : {}) };
          const result = await t.api(row.method, url, body, as);
          const expected = expectedStatus(row, caller, scope);
          if (result.status !== expected) {
            mismatches.push(
              `${row.method} ${row.path} as ${caller} (${scope}): ${result.status} ${JSON.stringify(result.body).slice(0, 160)}, expected ${expected}`,
            );
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("answers a case outside one's jurisdiction exactly as one that does not exist", async () => {
    const outsider: AccountSpec = { role: 'village-cadre', divisionCode: villageNextToA };
    // A well-formed form, so that the API's check of it lets the request through to the case.
    const notAtRisk = {
      ...standardForms['village-verification']?.body,
      outcome: 'not-at-risk',
      commitmentSigned: false,
      commitmentSignedOn: undefined,
      reasonCode: 'NO_RISK',
    };
    const nowhere = `case-hh${'0'.repeat(32)}`;
    const answers = await Promise.all(
      [caseA, nowhere].map(async (caseId) => {
        const { status, body } = await t.api<Record<string, unknown>>(
          'POST',
          `/v1/cases/${caseId}/tasks/village-verification-1`,
          notAtRisk,
          outsider,
        );
        delete body.correlationId;
        return { status, body };
      }),
    );
    expect(answers[0]).toEqual({
      status: 404,
      body: { code: 'CASE.NOT_FOUND', message: 'no such case' },
    });
    expect(answers[1]).toEqual(answers[0]);
  });

  it('refuses a forged decision that reaches Temporal without the API, changing nothing', async () => {
    const handle = (await t.client()).workflow.getHandle(caseA);
    const decision = { kind: 'city-determination', include: true, householdClass: 'marginal' };
    // A role that does not decide; the city bureau of another city; no actor at all.
    const forged = [
      [
        { id: 'township-1', role: 'township-officer', divisionCode: townshipA },
        ErrorCodes.accessDenied,
      ],
      [{ id: 'city-x', role: 'city-bureau', divisionCode: '220682' }, ErrorCodes.caseOutOfScope],
      [undefined, ErrorCodes.caseOutOfScope],
    ] as const;
    for (const [actor, code] of forged) {
      await expect(
        handle.executeUpdate(completeTaskUpdate, {
          args: [
            {
              taskId: 'determination-1',
              body: decision,
              ...(actor ? { actor: { org: null, householdKey: null, ...actor } } : {}),
            } as unknown as TaskCompletion,
          ],
        }),
      ).rejects.toMatchObject({ cause: { type: code } });
    }
    const summary = await t.waitForCase(caseA, () => true);
    expect(summary.stage).toBe('CITY_DETERMINATION');
    expect(summary.completedTaskIds).not.toContain('determination-1');
  });

  it('shows ID numbers masked, in full only to roles that need them, and audits each full read', async () => {
    const residentId = newResidentId();
    const posted = await t.postAlert({ residentId, villageCode: villageA, name: '王五' });
    const key = posted.body.caseId.slice('case-'.length);
    const cadre = account('village-cadre', 'inside');
    const masked = await t.api<{ head: { name: string; residentId: string } }>(
      'GET',
      `/v1/households/${key}`,
      undefined,
      cadre,
    );
    expect(masked.body.head).toEqual({
      name: '王五',
      residentId: `${residentId.slice(0, 6)}********${residentId.slice(-4)}`,
      phone: null,
    });
    const before = await t.count(
      "SELECT 1 FROM audit_log WHERE kind = 'household.resident-id.read' AND target = $1",
      [key],
    );
    // Never without a stated purpose, which the audit log keeps beside the read.
    const unexplained = await t.api('GET', `/v1/households/${key}/resident-id`, undefined, cadre);
    expect(unexplained.status).toBe(400);
    const full = await t.api(
      'GET',
      `/v1/households/${key}/resident-id?reason=identity-check`,
      undefined,
      cadre,
    );
    expect(full.body).toMatchObject({ householdKey: key, residentId });
    expect(
      await t.count(
        "SELECT 1 FROM audit_log WHERE kind = 'household.resident-id.read' AND target = $1 AND outcome = 'ok' AND reason = 'identity-check'",
        [key],
      ),
    ).toBe(before + 1);
    // The public notice names the head of household and never shows the number, not even masked.
    const notice = await t.api('GET', `/v1/cases/case-${key}/public-notice`, undefined, cadre);
    expect(notice).toMatchObject({
      status: 200,
      body: { headName: '王五', village: '西大川村', township: '桦树镇', triggers: [2] },
    });
    expect(JSON.stringify(notice.body)).not.toContain(residentId.slice(-4));
    expect(JSON.stringify(notice.body)).not.toContain(residentId.slice(0, 6));
    // Stored sealed: neither the number nor the name is in the table in the clear.
    const row = await t.db.query('SELECT * FROM households WHERE household_key = $1', [key]);
    expect(JSON.stringify(row.rows)).not.toContain(residentId);
    expect(JSON.stringify(row.rows)).not.toContain('王五');
  });

  it('locks an account after repeated failed sign-ins and audits each attempt', async () => {
    const created = await t.api<{ accountId: string }>(
      'POST',
      '/v1/admin/accounts',
      {
        accountId: 'cadre-lockout',
        kind: 'staff',
        role: 'village-cadre',
        divisionCode: villageA,
        password: 'correct horse battery',
      },
      { role: 'administrator' },
    );
    expect(created.status).toBe(201);
    const login = (password: string) =>
      t.api('POST', '/v1/auth/login', { accountId: 'cadre-lockout', password }, 'anonymous');
    for (let i = 0; i < 5; i++) {
      expect(await login('wrong password')).toMatchObject({
        status: 401,
        body: { code: 'AUTH.BAD_CREDENTIALS' },
      });
    }
    // Locked: even the right password is refused, answered as any wrong one (no enumeration).
    expect(await login('correct horse battery')).toMatchObject({
      status: 401,
      body: { code: 'AUTH.BAD_CREDENTIALS' },
    });
    expect(
      await t.count(
        "SELECT 1 FROM audit_log WHERE kind = 'auth.login' AND actor_id = 'cadre-lockout' AND outcome <> 'ok'",
      ),
    ).toBe(6);
  });

  it('refuses the tokens of a disabled account at once, and tampered or unsigned tokens', async () => {
    const spec: AccountSpec = { role: 'township-officer', divisionCode: townshipA };
    const token = await t.token(spec);
    const me = await t.api<{ id: string }>('GET', '/v1/auth/me', undefined, spec);
    expect(me.status).toBe(200);
    const bearer = (value: string) =>
      t.http('api', 'GET', '/v1/auth/me', undefined, undefined, {
        authorization: `Bearer ${value}`,
      });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const raised = Buffer.from(JSON.stringify({ ...claims, role: 'supervisor' })).toString(
      'base64url',
    );
    const none = Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url');
    for (const forged of [`${header}.${raised}.${signature}`, `${none}.${payload}.`, 'garbage']) {
      expect(await bearer(forged)).toMatchObject({
        status: 401,
        body: { code: 'AUTH.TOKEN_INVALID' },
      });
    }
    const disabled = await t.api('POST', `/v1/admin/accounts/${me.body.id}/disable`, undefined, {
      role: 'administrator',
    });
    expect(disabled.status).toBe(200);
    expect(await bearer(token)).toMatchObject({
      status: 401,
      body: { code: 'AUTH.TOKEN_INVALID' },
    });
  });

  it('answers account status from memory only while it hears of account changes', async () => {
    // The township officer of the test above is disabled: this one differs in its spec.
    const spec: AccountSpec = { role: 'township-officer', divisionCode: townshipA, kind: 'staff' };
    const me = await t.api<{ id: string }>('GET', '/v1/auth/me', undefined, spec);
    expect(me.status).toBe(200);
    const status = async () => (await t.api('GET', '/v1/auth/me', undefined, spec)).status;
    /** The status the API answers, once it is `expected` or `seconds` have passed. */
    const settlesOn = async (expected: number, seconds = 10): Promise<number> => {
      const deadline = Date.now() + seconds * 1000;
      let last = await status();
      while (last !== expected && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        last = await status();
      }
      return last;
    };
    const listeners = async () =>
      (
        await t.db.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity
           WHERE application_name = 'fanpin-monitor-account-listener' AND datname = current_database()`,
        )
      ).rows.map((r) => r.pid);
    const [listener] = await listeners();
    expect(listener).toBeDefined();
    const setDisabled = (disabled: boolean) =>
      t.db.query(
        `UPDATE accounts SET disabled_at = ${disabled ? 'now()' : 'NULL'} WHERE account_id = $1`,
        [me.body.id],
      );

    // A change the table does not announce is not seen: the status came from memory...
    await t.db.query('ALTER TABLE accounts DISABLE TRIGGER accounts_announce_change');
    try {
      await setDisabled(true);
      expect(await status()).toBe(200);
      // ...and once the listener is lost, nothing is remembered: the table is read again.
      await t.db.query('SELECT pg_terminate_backend($1)', [listener]);
      expect(await settlesOn(401)).toBe(401);
    } finally {
      await t.db.query('ALTER TABLE accounts ENABLE TRIGGER accounts_announce_change');
    }
    // The listener comes back; an announced change (here an administrator's SQL) is seen well before
    // a remembered answer would expire (AUTH_STATUS_CACHE_SECONDS, 60).
    const deadline = Date.now() + 10_000;
    let back = await listeners();
    while ((back.length === 0 || back.includes(listener as number)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      back = await listeners();
    }
    expect(back).toHaveLength(1);
    expect(back).not.toContain(listener);
    await setDisabled(false);
    expect(await settlesOn(200)).toBe(200);
    await setDisabled(true);
    expect(await settlesOn(401, 5)).toBe(401);
  });

  it('lets a bureau see only its own alerts, and keeps the audit log append-only', async () => {
    const list = await t.api<{ alerts: { alertId: string; outcome: string }[] }>(
      'GET',
      '/v1/alerts',
      undefined,
      account('sector-bureau', 'outside'),
    );
    expect(list.status).toBe(200);
    expect(list.body.alerts.map((a) => a.alertId)).not.toContain(alertOfHealth);
    const own = await t.api<{ alertId: string; outcome: string; caseId: string }>(
      'GET',
      `/v1/alerts/${alertOfHealth}`,
      undefined,
      account('sector-bureau', 'inside'),
    );
    expect(own.body).toMatchObject({ alertId: alertOfHealth, outcome: 'open', caseId: caseA });
    await expect(t.db.query("UPDATE audit_log SET outcome = 'ok'")).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    const refused = await t.api<{ entries: { kind: string; reason: string }[] }>(
      'GET',
      '/v1/audit?kind=access.refused&limit=500',
    );
    expect(refused.body.entries.map((e) => e.reason)).toEqual(
      expect.arrayContaining(['NO_TOKEN', 'OUT_OF_SCOPE', `ROLE_LACKS_${Permissions.auditRead}`]),
    );
  });
});
