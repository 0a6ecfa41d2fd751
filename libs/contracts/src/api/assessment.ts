import { z } from '../forms/zod';

import { count, instant, view } from './fields';

/**
 * The supervisors' assessment of each township (督导考核, plan §6.4 and §6 (四)): how it found,
 * identified, helped and monitored households in a period. A period runs from the first moment of
 * `from` to the last of `to` (Asia/Shanghai); every figure is counted from what PostgreSQL holds
 * (cadre screenings, case runs and the task inbox), each case and task under the township of its
 * household. "Done" is the moment the task inbox recorded a task done (the case writes it with the
 * step, within a second of the decision); a task is on time when that moment is no later than its
 * due instant, and a task without a due date (its calendar year not arranged) is on time.
 */

const onTimeOrLate = (what: string) =>
  view({
    onTime: count.meta({ description: `${what} done in the period by their due instant` }),
    late: count.meta({ description: `${what} done in the period after their due instant` }),
  });

/** One township's figures, or the sum of the townships' figures. */
export const AssessmentFigures = view({
  householdsScreened: count.meta({
    description:
      'Distinct households a village cadre screened (干部排查, `POST /v1/screenings`) in the period, reported or not',
  }),
  screeningsAtRisk: count.meta({
    description:
      'Screenings in the period in which the cadre found a risk and reported the household (decision `report`); each screening counts',
  }),
  householdsFound: view({
    total: count.meta({
      description:
        'Case runs (monitoring periods) opened in the period: households that came in by any way',
    }),
    selfDeclaration: count.meta({ description: 'Of them, opened by a self-declaration' }),
    cadreScreening: count.meta({ description: 'Of them, opened by a cadre screening' }),
    bureauAlert: count.meta({ description: 'Of them, opened by a sector bureau’s alert' }),
  }).meta({ description: 'Households found (发现): by the way in that opened their case' }),
  identified: onTimeOrLate('City determinations (识别认定, task `city-determination`)').meta({
    description:
      'The whole identification: the city’s determination against the identification deadline (its due instant, counted from intake with the wait for the half-monthly report left out)',
  }),
  overdueTasks: view({
    village: count,
    township: count,
    city: count,
    department: count,
  }).meta({
    description:
      'Overdue tasks (逾期) by the level that works them (village cadre and committee; township officer; city bureau; lead department): tasks done in the period after their due instant, and tasks still not done at the end of the period (or now, for a period not over) whose due instant was before it. Withdrawn tasks count only if they were still open then.',
  }),
  visits: onTimeOrLate('Follow-up visits (回访, task `follow-up-visit`)'),
  measures: onTimeOrLate('Assistance measures (帮扶措施, task `assistance-measure`)').meta({
    description: 'Measures completed (done, not withdrawn) against their due date',
  }),
});
export type AssessmentFigures = z.infer<typeof AssessmentFigures>;

export const TownshipAssessment = view('TownshipAssessment', {
  townshipCode: z.string().meta({ examples: ['220681101'] }),
  ...AssessmentFigures.shape,
});
export type TownshipAssessment = z.infer<typeof TownshipAssessment>;

export const Assessment = view('Assessment', {
  from: z.string().meta({ format: 'date', description: 'First day (Asia/Shanghai)' }),
  to: z.string().meta({ format: 'date', description: 'Last day (Asia/Shanghai), included' }),
  at: instant.meta({ description: 'When the figures were counted' }),
  townships: z.array(TownshipAssessment).meta({
    description:
      'Every township of your jurisdiction, by code (a township officer: its own), with zeros where nothing happened',
  }),
  total: AssessmentFigures.meta({ description: 'The sum of the townships’ figures' }),
});
export type Assessment = z.infer<typeof Assessment>;
