import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  AllSecure,
  residentIdCheckChar,
  type AlertForm,
  type CaseSummary,
  type TaskForm,
  type TaskFormOf,
} from '@fanpin/contracts';

import type { Log } from '../log';
import { ApiClient } from './api-client';
import { DemoVillage, credentialsOf, type DemoCredentials } from './accounts';

/** A synthetic resident ID (valid check character, born 1960–1979 in 临江市): no one's number. */
function syntheticResidentId(): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + randomInt(0, 7300) * 86_400_000);
  const first17 = `220681${birth.toISOString().slice(0, 10).replaceAll('-', '')}${String(randomInt(0, 1000)).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const inDays = (days: number) =>
  new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
const secure = AllSecure;

/** The forms of the walk, typed by the contract: a form the API would refuse does not compile. */
const forms = {
  village: (): TaskFormOf<'village-verification'> => ({
    kind: 'village-verification',
    outcome: 'nominate',
    incomePerCapita: 4200,
    lastYearIncomePerCapita: 7800,
    rigidExpenses: 36000,
    assurances: { ...secure, basicMedical: false },
    labourCapacity: 'partial',
    triggers: [2],
    commitmentSigned: true,
    commitmentSignedOn: today(),
  }),
  appraisal: (): TaskFormOf<'democratic-appraisal'> => ({
    kind: 'democratic-appraisal',
    outcome: 'approved',
    heldOn: today(),
  }),
  township: (): TaskFormOf<'township-verification'> => ({
    kind: 'township-verification',
    outcome: 'confirm',
    visitedOn: today(),
    riskTypes: ['ILLNESS', 'INCOME_DROP'],
    ledgerEntry: `TZ-${today()}-001`,
  }),
  determination: (): TaskFormOf<'city-determination'> => ({
    kind: 'city-determination',
    include: true,
    householdClass: 'marginal',
  }),
  plan: (): TaskFormOf<'assistance-plan'> => ({
    kind: 'assistance-plan',
    announcedOn: today(),
    measures: [
      {
        measureId: `JOB-${randomInt(1000, 10000)}`,
        kind: 'employment',
        measureCode: 'PUBLIC_WELFARE_JOB',
        leadDepartment: 'human-resources',
        responsibleDepartments: ['rural-revitalisation'],
        dueOn: inDays(90),
      },
    ],
  }),
  visit: (): TaskFormOf<'follow-up-visit'> => ({
    kind: 'follow-up-visit',
    visitedOn: today(),
    householdSize: 3,
    incomePerCapita: 5200,
    rigidExpenses: 30000,
    assurances: secure,
    labourCapacity: 'partial',
    stability: 'weakly-stable',
    proposeElimination: false,
  }),
};

export interface WalkOptions {
  /** How long to wait for the case to reach each next step (the policy's waits included). */
  stepTimeoutMs?: number;
}

/**
 * Carries one synthetic household from a sector bureau's alert to its assistance plan and first
 * follow-up visit, as each role would through the API, saying what happens at every step. Start
 * the system with short policy durations first (`npm run demo`). Returns the case's last summary.
 */
export async function walkOneCase(
  apiUrl: string,
  demo: DemoCredentials,
  log: Log,
  { stepTimeoutMs = 5 * 60_000 }: WalkOptions = {},
): Promise<CaseSummary> {
  const api = new ApiClient(apiUrl);
  const as = (accountId: string) => api.as(credentialsOf(accountId, demo));
  const [bureau, cadre, committee, township, city, hrss] = await Promise.all(
    [
      'demo-bureau-health',
      'demo-cadre',
      'demo-committee',
      'demo-township',
      'demo-city',
      'demo-hrss',
    ].map(as),
  );
  const alert: AlertForm = {
    alertId: `DEMO-${Date.now()}`,
    bureau: 'health',
    villageCode: DemoVillage.village,
    head: { name: '演示户主', residentId: syntheticResidentId() },
    triggers: [2],
  };
  const receipt = await bureau!.expect<{ caseId: string; status: string }>(
    [202],
    'POST',
    '/v1/alerts',
    alert,
  );
  const caseId = receipt.caseId;
  log(`1. 市卫生健康局 sends an alert (行业部门预警) for a household of 砬台村: case ${caseId}`);
  if (receipt.status === 'triage') {
    // The city bureau confirms it and sends it down (预警确认, ALERT_TRIAGE=city).
    const page = await city!.expect<{ items: { itemId: string; alerts: { alertId: string }[] }[] }>(
      [200],
      'GET',
      `/v1/triage/items?villageCode=${DemoVillage.village}&bureau=health&limit=500`,
    );
    const item = page.items.find((i) => i.alerts.some((a) => a.alertId === alert.alertId));
    if (!item) throw new Error('the alert is not in the city bureau’s triage');
    await city!.expect([200], 'POST', '/v1/triage/decisions', {
      decision: 'confirm',
      itemIds: [item.itemId],
    });
    log(`   市乡村振兴局 confirms it (预警确认) and sends it down to the township`);
    // Handed to the case right after the answer: wait for the case to exist.
    const until = Date.now() + stepTimeoutMs;
    while ((await city!.call('GET', `/v1/cases/${caseId}`)).status === 404) {
      if (Date.now() > until) throw new Error(`case ${caseId} did not open after confirmation`);
      await sleep(500);
    }
  }

  const waitFor = async (stage: string, taskId?: string): Promise<CaseSummary> => {
    const deadline = Date.now() + stepTimeoutMs;
    for (;;) {
      const s = await city!.expect<CaseSummary>([200], 'GET', `/v1/cases/${caseId}`);
      if (s.stage === stage && (!taskId || s.openTasks.some((t) => t.taskId === taskId))) return s;
      if (Date.now() > deadline)
        throw new Error(`case ${caseId} stayed at ${s.stage}, not ${stage}`);
      await sleep(500);
    }
  };
  const complete = async (who: ApiClient, taskId: string, form: TaskForm, what: string) => {
    const answer = await who.expect<{ stage: string }>(
      [200],
      'POST',
      `/v1/cases/${caseId}/tasks/${taskId}`,
      form,
    );
    log(`   ${what} → ${answer.stage}`);
  };
  const due = (s: CaseSummary) => (s.stageDeadline ? ` (due ${s.stageDeadline})` : '');

  let s = await waitFor('VILLAGE_VERIFICATION', 'village-verification-1');
  log(`2. The village cadre verifies at home (村级核实), with the signed 承诺授权书${due(s)}`);
  await complete(cadre!, 'village-verification-1', forms.village(), 'nominated');

  s = await waitFor('DEMOCRATIC_APPRAISAL', 'democratic-appraisal-1');
  log(`3. The village committee holds the democratic appraisal (民主评议)${due(s)}`);
  await complete(committee!, 'democratic-appraisal-1', forms.appraisal(), 'approved');

  s = await waitFor('PUBLIC_NOTICE');
  log(`4. Public notice (公示) until ${s.noticeEndsAt ?? '?'}: objections may be lodged meanwhile`);

  s = await waitFor('TOWNSHIP_VERIFICATION', 'township-verification-1');
  log(`5. No objection: the township re-verifies and enters its ledger (乡镇复核, 台账)${due(s)}`);
  await complete(township!, 'township-verification-1', forms.township(), 'confirmed');

  s = await waitFor('AWAITING_REPORT');
  log(`6. Waiting for the half-monthly report to the city (半月报) at ${s.stageDeadline ?? '?'}`);

  s = await waitFor('CITY_DETERMINATION', 'determination-1');
  log(`7. The city bureau determines (市级认定)${due(s)}`);
  await complete(city!, 'determination-1', forms.determination(), 'included as 边缘易致贫户');

  s = await waitFor('ASSISTANCE_PLANNING', 'assistance-plan-1');
  log(`8. Entered in the national system (${s.nationalEntryId ?? '?'}); the city plans assistance`);
  await complete(city!, 'assistance-plan-1', forms.plan(), 'plan adopted, one employment measure');

  s = await waitFor('MONITORING');
  const measure = s.openTasks.find((t) => t.kind === 'assistance-measure');
  log(
    `9. Monitoring: ${measure?.taskId ?? 'a measure'} is 市人社局's task; the first visit is due ${s.stageDeadline ?? '?'}`,
  );
  const inbox = await hrss!.expect<{ tasks: { taskId: string }[] }>([200], 'GET', '/v1/tasks');
  log(`   市人社局's inbox holds ${inbox.tasks.map((t) => t.taskId).join(', ') || 'nothing yet'}`);

  s = await waitFor('MONITORING', 'follow-up-visit-1');
  log('10. The village cadre makes the first follow-up visit (定期回访)');
  await complete(
    cadre!,
    'follow-up-visit-1',
    forms.visit(),
    'recorded: weakly stable, assistance goes on',
  );
  const deadline = Date.now() + stepTimeoutMs;
  for (;;) {
    s = await city!.expect<CaseSummary>([200], 'GET', `/v1/cases/${caseId}`);
    if ((s.visits ?? 0) >= 1 || Date.now() > deadline) break;
    await sleep(500);
  }
  log(
    `Done: ${caseId} is at ${s.stage} after ${s.visits ?? 0} visit(s); its timeline has ${s.timeline.length} entries.`,
  );
  return s;
}
