import { AllSecure } from './fields';

/** A village verification that nominates the household: its figures, and the signed commitment. */
const nominate = {
  kind: 'village-verification',
  outcome: 'nominate',
  incomePerCapita: 5200.5,
  lastYearIncomePerCapita: 9800,
  rigidExpenses: 42000,
  assurances: { ...AllSecure, basicMedical: false },
  labourCapacity: 'partial',
  triggers: [1, 2],
  commitmentSigned: true,
  commitmentSignedOn: '2026-03-02',
};

/** The same household found not at risk: no triggers, nothing to sign, and why. */
const notAtRisk: Record<string, unknown> = {
  ...nominate,
  outcome: 'not-at-risk',
  triggers: [],
  commitmentSigned: false,
  reasonCode: 'INCOME_ABOVE_LINE',
};
delete notAtRisk.commitmentSignedOn;

const measure = {
  measureId: 'M-JOB',
  kind: 'employment',
  measureCode: 'PUBLIC_WELFARE_JOB',
  leadDepartment: 'human-resources',
  responsibleDepartments: ['rural-revitalisation'],
  dueOn: '2027-03-31',
};

/**
 * One well-formed form of each step a case starts with, as the specs of the forms and of the rules
 * that apply them (libs/domain) and the end-to-end suites begin from. Synthetic: no real person.
 */
export const SampleForms = {
  nominate,
  notAtRisk,
  approved: { kind: 'democratic-appraisal', outcome: 'approved', heldOn: '2026-03-05' },
  review: { kind: 'objection-review', upheld: true, reasonCode: 'INCOME_UNDERSTATED' },
  confirm: {
    kind: 'township-verification',
    outcome: 'confirm',
    visitedOn: '2026-03-12',
    riskTypes: ['ILLNESS', 'INCOME_DROP'],
    ledgerEntry: 'TZ-2026-0042',
  },
  /** A public-welfare job led by human resources, which rural revitalisation also works on. */
  measure,
  plan: { kind: 'assistance-plan', measures: [measure], announcedOn: '2026-11-30' },
  /** The lead department's report of a measure done, before the facts its code may require. */
  measureDone: {
    kind: 'assistance-measure',
    status: 'done',
    percent: 100,
    reportedOn: '2026-12-01',
  },
};
