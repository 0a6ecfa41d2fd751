/**
 * Real uses of a client generated from the served document (`openapi-typescript`): the contract
 * test generates `./generated/api.ts` next to a copy of this file, compiles both with `tsc` (strict)
 * and runs `drive`. Each `@ts-expect-error` below must meet a real error: a wrong body does not
 * compile. This file is not part of the workspace's build (it has no generated types there).
 */
import type { paths } from './generated/api';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
/** The JSON body an operation takes. */
type BodyOf<O> = O extends { requestBody?: infer R } ? Json<NonNullable<R>> : never;
/** The JSON answer an operation gives with a status. */
type AnswerOf<O, S extends number> = O extends { responses: infer R }
  ? S extends keyof R
    ? Json<R[S]>
    : never
  : never;
/** An operation's path or query parameters. */
type PathOf<O> = O extends { parameters: { path: infer P } } ? P : never;
type QueryOf<O> = O extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

type SignIn = paths['/v1/auth/login']['post'];
type ClientSignIn = paths['/v1/auth/token']['post'];
type PostAlert = paths['/v1/alerts']['post'];
type CompleteTask = paths['/v1/cases/{caseId}/tasks/{taskId}']['post'];
type ReadCase = paths['/v1/cases/{caseId}']['get'];
type Inbox = paths['/v1/tasks']['get'];

export type TaskFormBody = BodyOf<CompleteTask>;

async function call(
  base: string,
  method: string,
  url: string,
  token: string | undefined,
  body: unknown,
  expected: number,
): Promise<unknown> {
  const response = await fetch(new URL(url, base), {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer: unknown = await response.json();
  if (response.status !== expected) {
    throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(answer)}`);
  }
  return answer;
}

export async function signIn(base: string, form: BodyOf<SignIn>) {
  return (await call(base, 'POST', '/v1/auth/login', undefined, form, 200)) as AnswerOf<
    SignIn,
    200
  >;
}

export async function clientSignIn(base: string, form: BodyOf<ClientSignIn>) {
  const answer = await call(base, 'POST', '/v1/auth/token', undefined, form, 200);
  return answer as AnswerOf<ClientSignIn, 200>;
}

export async function postAlert(base: string, token: string, alert: BodyOf<PostAlert>) {
  return (await call(base, 'POST', '/v1/alerts', token, alert, 202)) as AnswerOf<PostAlert, 202>;
}

export async function completeTask(
  base: string,
  token: string,
  { caseId, taskId }: PathOf<CompleteTask>,
  form: BodyOf<CompleteTask>,
) {
  const url = `/v1/cases/${caseId}/tasks/${taskId}`;
  return (await call(base, 'POST', url, token, form, 200)) as AnswerOf<CompleteTask, 200>;
}

export async function readCase(base: string, token: string, { caseId }: PathOf<ReadCase>) {
  return (await call(base, 'GET', `/v1/cases/${caseId}`, token, undefined, 200)) as AnswerOf<
    ReadCase,
    200
  >;
}

export async function inbox(base: string, token: string, query: QueryOf<Inbox>) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) search.set(key, String(value));
  }
  const answer = await call(base, 'GET', `/v1/tasks?${search.toString()}`, token, undefined, 200);
  return answer as AnswerOf<Inbox, 200>;
}

const villageVerification: TaskFormBody = {
  kind: 'village-verification',
  outcome: 'nominate',
  incomePerCapita: 4200,
  lastYearIncomePerCapita: 7800,
  rigidExpenses: 36_000,
  assurances: {
    food: true,
    clothing: true,
    compulsoryEducation: true,
    basicMedical: true,
    safeHousing: true,
    safeDrinkingWater: true,
  },
  labourCapacity: 'partial',
  triggers: [2],
  commitmentSigned: true,
  commitmentSignedOn: '2026-11-30',
};

/** Bodies the generated types refuse: each line below must fail to compile. */
export function wrongBodies(): unknown[] {
  const outcome: TaskFormBody = {
    ...villageVerification,
    // @ts-expect-error `maybe` is no outcome of a village verification
    outcome: 'maybe',
  };
  // @ts-expect-error an alert names its head of household
  const headless: BodyOf<PostAlert> = {
    alertId: 'A-1',
    bureau: 'health',
    villageCode: '1',
    triggers: [2],
  };
  const signIn: BodyOf<SignIn> = {
    accountId: 'admin',
    password: 'secret',
    // @ts-expect-error sign-in takes no role: the account has one
    role: 'supervisor',
  };
  // @ts-expect-error a task's form says its kind
  const kindless: TaskFormBody = { outcome: 'approved', heldOn: '2026-11-30' };
  return [outcome, headless, signIn, kindless];
}

export interface Credentials {
  cadre: BodyOf<SignIn>;
  city: BodyOf<SignIn>;
  committee: BodyOf<SignIn>;
  bureau: BodyOf<ClientSignIn>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A bureau's alert opens a case; the village cadre verifies the household; the city reads the case
 * and the village committee its inbox (the appraisal comes next): a newcomer's first afternoon.
 */
export async function drive(base: string, who: Credentials, residentId: string) {
  const cadre = (await signIn(base, who.cadre)).accessToken;
  const city = (await signIn(base, who.city)).accessToken;
  const committee = (await signIn(base, who.committee)).accessToken;
  const bureau = (await clientSignIn(base, who.bureau)).accessToken;
  const receipt = await postAlert(base, bureau, {
    alertId: `CLIENT-${Date.now()}`,
    bureau: 'health',
    villageCode: '220681100200',
    head: { name: '测试户主', residentId },
    triggers: [2],
  });
  const caseId = receipt.caseId;
  const opened = async (taskId: string) => {
    let summary = await readCase(base, city, { caseId });
    for (let i = 0; i < 150 && summary.openTask?.taskId !== taskId; i++) {
      await sleep(200);
      summary = await readCase(base, city, { caseId });
    }
    return summary;
  };
  const taskId = 'village-verification-1';
  await opened(taskId);
  const done = await completeTask(base, cadre, { caseId, taskId }, villageVerification);
  const summary = await opened('democratic-appraisal-1');
  const page = await inbox(base, committee, { status: 'open', limit: 50 });
  const row = page.tasks.find((task) => task.caseId === caseId);
  return {
    caseId,
    movedTo: done.stage,
    stage: summary.stage,
    stageDeadline: summary.stageDeadline,
    nextReportCutoff: summary.nextReportCutoff,
    inboxCutoff: page.nextReportCutoff,
    listed: row ? { kind: row.kind, overdue: row.overdue, daysLeft: row.workingDaysLeft } : null,
  };
}
