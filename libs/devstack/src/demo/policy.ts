/**
 * The demo's policy: the procedure's waits in seconds and minutes instead of working days and half
 * months, so that one case goes from alert to its first follow-up visit in a few minutes. Settings
 * given in the environment win.
 */
export const DemoPolicy: Readonly<Record<string, string>> = {
  POLICY_IDENTIFICATION_DEADLINE: '30m',
  POLICY_VILLAGE_VERIFICATION_DEADLINE: '10m',
  POLICY_APPRAISAL_DEADLINE: '10m',
  POLICY_NOTICE_PERIOD: '60s',
  POLICY_OBJECTION_REVIEW_DEADLINE: '10m',
  POLICY_TOWNSHIP_VERIFICATION_DEADLINE: '10m',
  POLICY_MANUAL_NATIONAL_ENTRY_DEADLINE: '10m',
  POLICY_REPORT_CUTOFF: '30s',
  POLICY_ASSISTANCE_PLAN_DEADLINE: '10m',
  POLICY_FOLLOW_UP_INTERVAL: '60s',
  POLICY_FOLLOW_UP_VISIT_DEADLINE: '10m',
  POLICY_ELIMINATION_APPRAISAL_DEADLINE: '10m',
  POLICY_ELIMINATION_TOWNSHIP_DEADLINE: '10m',
  POLICY_ELIMINATION_CITY_DEADLINE: '10m',
  POLICY_ROLLBACK_WINDOW: '30m',
};
