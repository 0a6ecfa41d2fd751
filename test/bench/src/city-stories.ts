import {
  CaseStages,
  DefaultCasePolicy,
  type CaseStage,
  type DeadlineSpec,
  type TaskKind,
} from '@fanpin/contracts';
import { cstDate, packagedCalendar, type CountedDeadline } from '@fanpin/platform';

/**
 * Where each synthetic household of the read-model bench's city stands, as the case workflow would
 * have left it: its case's status and stage, the tasks it opened (due dates counted on the working-
 * day calendar, overdue ones escalated) and the steps of its history. Pure and deterministic: the
 * same index gives the same household on every run, so that both sizes of the city hold the same
 * first thousand households.
 */

export const DAY = 86_400_000;

/** A draw in [0, 1) for household `i` and a purpose (`salt`): a hash, not a random number. */
export function draw(i: number, salt: number): number {
  let h = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

export interface TaskDraft {
  kind: TaskKind;
  taskId: string;
  opened: number;
  spec: DeadlineSpec;
  due: Date;
  provisional: boolean;
  /** A completed task: when, and by whom. Open otherwise. */
  done?: { at: number; by: string };
}

export interface StepDraft {
  kind: string;
  stepId: string;
  at: number;
  actor: string;
}

const Intake = 'system:intake';
const Cadre = 'bench-village-cadre';
const City = 'bench-city-bureau';

export interface Story {
  status: 'open' | 'included' | 'risk-eliminated' | 'excluded';
  opened: number;
  decided: number | null;
  stage: CaseStage;
  stageSince: number;
  /** Past the township's verification: the case has risk types (and a class once included). */
  assessed: boolean;
  tasks: TaskDraft[];
  steps: StepDraft[];
}

const policy = DefaultCasePolicy;
const SpecOf = {
  'village-verification': policy.steps.villageVerification,
  'democratic-appraisal': policy.steps.democraticAppraisal,
  'township-verification': policy.steps.townshipVerification,
  'city-determination': policy.deadlines.identification,
  'assistance-plan': policy.monitoring.assistancePlan,
  'follow-up-visit': policy.monitoring.followUpVisit,
  'elimination-township': policy.monitoring.eliminationTownship,
} satisfies Partial<Record<TaskKind, DeadlineSpec>>;
type SeededKind = keyof typeof SpecOf;

const StageOf: Record<SeededKind, CaseStage> = {
  'village-verification': CaseStages.villageVerification,
  'democratic-appraisal': CaseStages.democraticAppraisal,
  'township-verification': CaseStages.townshipVerification,
  'city-determination': CaseStages.cityDetermination,
  'assistance-plan': CaseStages.assistancePlanning,
  'follow-up-visit': CaseStages.monitoring,
  'elimination-township': CaseStages.eliminationTownship,
};

/** The share of households with an open task (10%), and which task they wait at. */
export const OpenTaskShare = 0.1;
const OpenTaskMix: readonly (readonly [SeededKind, number])[] = [
  ['village-verification', 0.3],
  ['democratic-appraisal', 0.15],
  ['township-verification', 0.2],
  ['city-determination', 0.1],
  ['follow-up-visit', 0.2],
  ['elimination-township', 0.05],
];
const Identification: readonly SeededKind[] = [
  'village-verification',
  'democratic-appraisal',
  'township-verification',
  'city-determination',
];

const counted = new Map<DeadlineSpec, Map<string, CountedDeadline>>();

/** The packaged calendar's deadline from `at`: it depends on the CST day alone, counted once a day. */
function deadline(at: number, spec: DeadlineSpec): CountedDeadline {
  const day = cstDate(new Date(at));
  let bySpec = counted.get(spec);
  if (!bySpec) counted.set(spec, (bySpec = new Map()));
  let due = bySpec.get(day);
  if (!due) bySpec.set(day, (due = packagedCalendar.deadline(new Date(at), spec)));
  return due;
}

/** A task opened at `opened`: its due date provisional if it reaches a year not arranged yet. */
function openTask(kind: SeededKind, opened: number, round = 1): TaskDraft {
  const spec = SpecOf[kind];
  const { at: due, provisional } = deadline(opened, spec);
  return { kind, taskId: `${kind}-${round}`, opened, spec, due, provisional };
}

/** A task of the past, opened `days` before it was done. */
function doneTask(kind: SeededKind, taskId: string, at: number, by: string, days = 3): TaskDraft {
  return { ...openTask(kind, at - days * DAY), taskId, done: { at, by } };
}

/** A case still being identified, waiting at `kind` for up to ten days. */
function identifying(i: number, kind: SeededKind, now: number): Story {
  const task = openTask(kind, now - (0.2 + 10 * draw(i, 3)) * DAY);
  const opened = task.opened - Identification.indexOf(kind) * 4 * DAY;
  return {
    status: 'open',
    opened,
    decided: null,
    stage: StageOf[kind],
    stageSince: task.opened,
    assessed: kind === 'city-determination',
    tasks: [task],
    steps: [{ kind: 'opened', stepId: 'opened', at: opened, actor: Intake }],
  };
}

/**
 * An included case: determined, its assistance plan made, visited every 35 days or so since, and
 * now waiting for its next visit (or, with `open`, at that task); `eliminated` marks it risk
 * eliminated three weeks after its last visit.
 */
function monitored(i: number, now: number, open?: SeededKind, eliminated = false): Story {
  const visits = Math.floor(5 * draw(i, 7));
  const round = open === 'follow-up-visit' ? visits + 1 : 1;
  const task = open ? openTask(open, now - 6 * draw(i, 3) * DAY, round) : undefined;
  const lastStep = task
    ? task.opened - (open === 'follow-up-visit' ? 30 : 10) * DAY
    : now - (eliminated ? 21 + 300 * draw(i, 3) : 1 + 29 * draw(i, 3)) * DAY;
  const plan = lastStep - visits * 35 * DAY;
  const decided = plan - 7 * DAY;
  const opened = decided - 25 * DAY;
  const story: Story = {
    status: eliminated ? 'risk-eliminated' : 'included',
    opened,
    decided,
    stage: open ? StageOf[open] : CaseStages.monitoring,
    // Monitoring since the plan (a visit leaves the stage as it is); an elimination's own stage
    // since its task opened.
    stageSince: open === 'elimination-township' && task ? task.opened : plan,
    assessed: true,
    tasks: [doneTask('assistance-plan', 'assistance-plan-1', plan, City, 7)],
    steps: [
      { kind: 'opened', stepId: 'opened', at: opened, actor: Intake },
      { kind: 'assistance-plan', stepId: 'assistance-plan-1', at: plan, actor: City },
    ],
  };
  for (let v = 1; v <= visits; v++) {
    const at = plan + v * 35 * DAY;
    story.tasks.push(doneTask('follow-up-visit', `follow-up-visit-${v}`, at, Cadre));
    story.steps.push({ kind: 'follow-up-visit', stepId: `follow-up-visit-${v}`, at, actor: Cadre });
  }
  if (task) story.tasks.push(task);
  if (eliminated) {
    const at = lastStep + 20 * DAY;
    story.steps.push({ kind: 'elimination', stepId: 'elimination-1', at, actor: City });
    Object.assign(story, { stage: CaseStages.riskEliminated, stageSince: at });
  }
  return story;
}

/** A case the village found not at risk two days after it opened. */
function excluded(i: number, now: number): Story {
  const opened = now - (10 + 600 * draw(i, 3)) * DAY;
  const at = opened + 2 * DAY;
  return {
    status: 'excluded',
    opened,
    decided: at,
    stage: CaseStages.excluded,
    stageSince: at,
    assessed: false,
    tasks: [doneTask('village-verification', 'village-verification-1', at, Cadre, 2)],
    steps: [
      { kind: 'opened', stepId: 'opened', at: opened, actor: Intake },
      { kind: 'village-verification', stepId: 'village-verification-1', at, actor: Cadre },
    ],
  };
}

function pick<T>(mix: readonly (readonly [T, number])[], u: number): T {
  let total = 0;
  for (const [value, share] of mix) if (u < (total += share)) return value;
  return (mix.at(-1) as readonly [T, number])[0];
}

/**
 * Household `i`'s case at `now`: one in ten waits at an open task; of the others, 60% are included
 * and monitored, 20% risk eliminated, 20% excluded.
 */
export function storyOf(i: number, now: number): Story {
  const u = draw(i, 1);
  if (u < OpenTaskShare) {
    const kind = pick(OpenTaskMix, draw(i, 2));
    if (Identification.includes(kind)) return identifying(i, kind, now);
    return monitored(i, now, kind);
  }
  const rest = (u - OpenTaskShare) / (1 - OpenTaskShare);
  if (rest < 0.6) return monitored(i, now);
  if (rest < 0.8) return monitored(i, now, undefined, true);
  return excluded(i, now);
}
