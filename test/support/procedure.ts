import { AllSecure, SampleForms, type CaseSummary, type Role } from '@fanpin/contracts';

import type { AccountSpec } from './accounts';

/** The assistance plan the suites give a case: one public-welfare job, led by human resources alone. */
export const assistancePlan = {
  ...SampleForms.plan,
  measures: [{ ...SampleForms.measure, responsibleDepartments: [] }],
};

/** The steps of identification (plan §4.3), in order, as a case's history names them. */
export const identificationSteps = [
  'village-verification',
  'democratic-appraisal',
  'public-notice',
  'township-verification',
  'report',
  'city-determination',
];

/** The city bureau's determination, as the API answers it: the stage the case moves on to. */
export const determined = (stage: string) => ({
  status: 200,
  body: { taskId: 'determination-1', kind: 'city-determination', stage },
});

/** The account of `role` whose scope holds the household: its village, its township or the county. */
export const staffOf = (role: Role, d: CaseSummary['divisions']): AccountSpec => ({
  role,
  divisionCode:
    role === 'city-bureau'
      ? d.countyCode
      : role === 'township-officer'
        ? d.townshipCode
        : d.villageCode,
});

/** A follow-up visit that finds the household stable (and, if it says so, proposes elimination). */
export const stableVisit = {
  kind: 'follow-up-visit',
  visitedOn: '2026-11-30',
  householdSize: 3,
  incomePerCapita: 9800,
  rigidExpenses: 4000,
  assurances: AllSecure,
  labourCapacity: 'full',
  stability: 'stable',
  proposeElimination: false,
};

/** The steps that mark the risk eliminated (风险消除) once a visit proposed it: who takes each, how. */
export const eliminationSteps: { role: Role; body: { kind: string } & Record<string, unknown> }[] =
  [
    {
      role: 'village-committee',
      body: { kind: 'elimination-appraisal', outcome: 'approved', heldOn: '2026-11-30' },
    },
    {
      role: 'township-officer',
      body: { kind: 'elimination-township', outcome: 'confirm', visitedOn: '2026-11-30' },
    },
    { role: 'city-bureau', body: { kind: 'elimination-city', outcome: 'eliminate' } },
  ];
