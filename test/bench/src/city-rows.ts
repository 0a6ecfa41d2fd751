import { randomUUID } from 'node:crypto';

import {
  AllSecure,
  DefaultCasePolicy,
  EntryChannels,
  HouseholdClasses,
  RiskTypeCodes,
  TaskRoles,
  caseWorkflowId,
  type DivisionCodes,
  type TaskFormOf,
} from '@fanpin/contracts';
import { allDivisions, divisionsOfVillage } from '@fanpin/domain';
import { PiiFields, sealDetail, type PiiCipher } from '@fanpin/persistence';
import { cstDate } from '@fanpin/platform';

import { draw, storyOf, type StepDraft, type Story, type TaskDraft } from './city-stories';
import type { Person } from './people';

/** The columns each table is seeded with, in the order of the rows below. */
export const CityColumns = {
  households: [
    'household_key',
    'village_code',
    'head_name_sealed',
    'head_resident_id_sealed',
    'head_phone_sealed',
    'created_at',
  ],
  household_members: [
    'household_key',
    'member_key',
    'name_sealed',
    'resident_id_sealed',
    'sealed_as',
    'relation',
    'joined_on',
    'joined_reason',
    'joined_by',
    'joined_at',
  ],
  cases: [
    'run_id',
    'case_id',
    'household_key',
    'county_code',
    'township_code',
    'village_code',
    'channel',
    'policy_version',
    'status',
    'household_class',
    'opened_at',
    'decided_at',
    'stage',
    'stage_since',
    'risk_types',
  ],
  tasks: [
    'run_id',
    'case_id',
    'task_id',
    'kind',
    'role',
    'county_code',
    'township_code',
    'village_code',
    'status',
    'due_at',
    'escalated_to',
    'completed_by',
    'due_provisional',
    'due_from',
    'due_spec',
    'opened_at',
    'updated_at',
  ],
  case_events: ['run_id', 'case_id', 'kind', 'step_id', 'actor', 'detail', 'recorded_at'],
} as const;
export type CityTable = keyof typeof CityColumns;
/** A column's value: JSON for an object, a PostgreSQL array for an array. */
export type CopyValue = string | number | boolean | Date | string[] | object | null | undefined;
export type CityRows = Record<CityTable, CopyValue[][]> & { openTasks: number };

/**
 * Every village and community of 临江市, villages (村, codes x…x2nn) three times over: most households
 * at risk are rural, and the city's communities (社区) hold a few.
 */
const Places: readonly DivisionCodes[] = allDivisions()
  .filter((d) => d.level === 'village')
  .flatMap((d) => {
    const codes = divisionsOfVillage(d.code) as DivisionCodes;
    return Array.from({ length: d.code.slice(9) >= '200' ? 3 : 1 }, () => codes);
  });

const Surnames = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const Given = '明华强军平伟芳娜敏静丽勇艳杰涛超秀英桂兰';
const nameOf = (i: number): string =>
  `${Surnames[i % 20]}${Given[(i * 7) % 20]}${i % 3 ? (Given[(i * 13) % 20] ?? '') : ''}`;

type Case = { runId: string; caseId: string; places: DivisionCodes };

const policyVersion = DefaultCasePolicy.version;

/** A visit's figures, sealed as the verification service seals them. */
const visit = (on: string, income: number, cipher: PiiCipher) =>
  sealDetail(cipher, PiiFields.caseFigures, {
    kind: 'follow-up-visit',
    visitedOn: on,
    incomePerCapita: income,
    rigidExpenses: 12000,
    assurances: AllSecure,
    labourCapacity: 'partial',
    stability: 'weakly-stable',
    proposeElimination: false,
  } satisfies TaskFormOf<'follow-up-visit'>);

/** A village's finding that the household is not at risk, its figures sealed. */
const notAtRisk = (income: number, cipher: PiiCipher) =>
  sealDetail(cipher, PiiFields.caseFigures, {
    kind: 'village-verification',
    outcome: 'not-at-risk',
    incomePerCapita: income + 6000,
    lastYearIncomePerCapita: income + 5000,
    rigidExpenses: 3000,
    assurances: AllSecure,
    labourCapacity: 'full',
    triggers: [4],
    commitmentSigned: false,
    reasonCode: 'INCOME_ABOVE_LINE',
  } satisfies TaskFormOf<'village-verification'>);

const plan = (on: string) =>
  ({
    kind: 'assistance-plan',
    measures: [
      {
        measureId: 'employment-1',
        kind: 'employment',
        measureCode: 'PUBLIC_WELFARE_JOB',
        leadDepartment: 'human-resources',
        responsibleDepartments: ['rural-revitalisation'],
        dueOn: on,
      },
    ],
    announcedOn: on,
  }) satisfies TaskFormOf<'assistance-plan'>;

/** A step's detail in the case history, as its step writes it. */
function detailOf(step: StepDraft, i: number, cipher: PiiCipher): Record<string, unknown> {
  const on = cstDate(new Date(step.at));
  const income = 4000 + Math.floor(8000 * draw(i, 9));
  if (step.kind === 'opened') return { channel: channelOf(i), policyVersion };
  if (step.kind === 'assistance-plan') return plan(on);
  if (step.kind === 'follow-up-visit') return visit(on, income, cipher);
  if (step.kind === 'village-verification') return notAtRisk(income, cipher);
  return { round: 1, entryId: `NE-BENCH-${i}` };
}

const channelOf = (i: number) => EntryChannels[Math.floor(3 * draw(i, 6))];

function householdRow(
  i: number,
  person: Person,
  story: Story,
  c: Case,
  cipher: PiiCipher,
): CopyValue[] {
  return [
    person.householdKey,
    c.places.villageCode,
    cipher.encrypt(nameOf(i), PiiFields.headName),
    cipher.encrypt(person.residentId, PiiFields.headResidentId),
    i % 2 ? cipher.encrypt(`139${String(i).padStart(8, '0')}`, PiiFields.headPhone) : null,
    new Date(story.opened),
  ];
}

/** The head as the household's first member, sealed as in the household's row (as the API does). */
function headMemberRow(household: CopyValue[]): CopyValue[] {
  const [key, , name, residentId, , created] = household;
  const at = created as Date;
  return [key, key, name, residentId, 'head', 'head', cstDate(at), 'registered', 'health', at];
}

function caseRow(i: number, person: Person, story: Story, c: Case): CopyValue[] {
  const included = story.status === 'included' || story.status === 'risk-eliminated';
  const risks = [RiskTypeCodes[Math.floor(10 * draw(i, 5))], RiskTypeCodes[i % 10]];
  return [
    c.runId,
    c.caseId,
    person.householdKey,
    c.places.countyCode,
    c.places.townshipCode,
    c.places.villageCode,
    channelOf(i),
    policyVersion,
    story.status,
    included ? HouseholdClasses[Math.floor(3 * draw(i, 4))] : null,
    new Date(story.opened),
    story.decided === null ? null : new Date(story.decided),
    story.stage,
    new Date(story.stageSince),
    story.assessed ? [...new Set(risks)] : [],
  ];
}

/** A task's inbox row: an open one past its due date is escalated to the level above. */
function taskRow(t: TaskDraft, c: Case, now: number): CopyValue[] {
  const { role, escalateTo } = TaskRoles[t.kind];
  const overdue = !t.done && t.due.getTime() < now;
  return [
    c.runId,
    c.caseId,
    t.taskId,
    t.kind,
    role,
    c.places.countyCode,
    c.places.townshipCode,
    c.places.villageCode,
    t.done ? 'done' : 'open',
    t.due,
    overdue ? escalateTo : null,
    t.done?.by ?? null,
    t.provisional,
    new Date(t.opened),
    t.spec,
    new Date(t.opened),
    new Date(t.done?.at ?? t.opened),
  ];
}

function eventRow(step: StepDraft, i: number, c: Case, cipher: PiiCipher): CopyValue[] {
  const detail = detailOf(step, i, cipher);
  return [c.runId, c.caseId, step.kind, step.stepId, step.actor, detail, new Date(step.at)];
}

/**
 * The rows of households `from` to `from + heads.length − 1` of the city at `now`, each table's in
 * the order of CityColumns; personal fields sealed with the API's key, as the API seals them.
 */
export function cityRows(from: number, heads: Person[], now: number, cipher: PiiCipher): CityRows {
  const rows: CityRows = {
    households: [],
    household_members: [],
    cases: [],
    tasks: [],
    case_events: [],
    openTasks: 0,
  };
  heads.forEach((person, n) => {
    const i = from + n;
    const story = storyOf(i, now);
    const places = Places[i % Places.length] as DivisionCodes;
    const c: Case = { runId: randomUUID(), caseId: caseWorkflowId(person.householdKey), places };
    const household = householdRow(i, person, story, c, cipher);
    rows.households.push(household);
    rows.household_members.push(headMemberRow(household));
    rows.cases.push(caseRow(i, person, story, c));
    for (const task of story.tasks) rows.tasks.push(taskRow(task, c, now));
    for (const step of story.steps) rows.case_events.push(eventRow(step, i, c, cipher));
    rows.openTasks += story.tasks.filter((t) => !t.done).length;
  });
  return rows;
}
