import { Roles, type Role } from './codes';

/** How long a division code of each staff role's scope is: village 12, township 9, city 6. */
export const ScopeLengthOfRole: Partial<Record<Role, 6 | 9 | 12>> = {
  'village-cadre': 12,
  'village-committee': 12,
  'township-officer': 9,
  'city-bureau': 6,
  'sector-bureau': 6,
  'lead-department': 6,
};

/** What a route or an action needs. Every route of the API names one of these, or is public. */
export const Permissions = {
  alertsSubmit: 'alerts:submit',
  alertsReadOwn: 'alerts:read-own',
  declarationsSubmit: 'declarations:submit',
  screeningsSubmit: 'screenings:submit',
  casesRead: 'cases:read',
  casesDetermine: 'cases:determine',
  casesNotice: 'cases:notice',
  tasksRead: 'tasks:read',
  tasksComplete: 'tasks:complete',
  objectionsLodge: 'objections:lodge',
  householdsRead: 'households:read',
  householdsReadResidentId: 'households:read-resident-id',
  householdsMove: 'households:move',
  householdsChangeMembers: 'households:change-members',
  reportsRead: 'reports:read',
  auditRead: 'audit:read',
  accountsManage: 'accounts:manage',
  payloadsDecode: 'payloads:decode',
  calendarRead: 'calendar:read',
  calendarManage: 'calendar:manage',
  policyRead: 'policy:read',
  policyManage: 'policy:manage',
  self: 'self:read',
  divisionsRead: 'divisions:read',
  caseFilesRead: 'case-files:read',
  registersRead: 'registers:read',
  measuresRead: 'measures:read',
  dashboardRead: 'dashboard:read',
  reliefGrant: 'relief:grant',
  assessmentRead: 'assessment:read',
  nationalReconcile: 'national:reconcile',
  meetingsHold: 'meetings:hold',
  triageRead: 'triage:read',
  triageDecide: 'triage:decide',
  workflowsInspect: 'workflows:inspect',
} as const;
export type Permission = (typeof Permissions)[keyof typeof Permissions];

const P = Permissions;
const staffInScope = [
  'village-cadre',
  'village-committee',
  'township-officer',
  'city-bureau',
] as const satisfies readonly Role[];

/**
 * The roles that hold each permission. Scope (which households) is checked separately, on the
 * household the request is about. A supervisor reads everything and changes nothing.
 */
export const RolesWithPermission: Record<Permission, readonly Role[]> = {
  [P.alertsSubmit]: ['sector-bureau'],
  [P.alertsReadOwn]: ['sector-bureau'],
  // A household declares through the app; staff record declarations made by phone or on paper.
  [P.declarationsSubmit]: ['household', 'village-cadre', 'township-officer', 'city-bureau'],
  [P.screeningsSubmit]: ['village-cadre'],
  [P.casesRead]: [...staffInScope, 'household', 'supervisor'],
  [P.casesDetermine]: ['city-bureau'],
  [P.casesNotice]: [...staffInScope, 'supervisor'],
  [P.tasksRead]: [...staffInScope, 'lead-department', 'supervisor'],
  // Which task a role may complete is the workflow's rule (TaskRoles); here, who may try at all.
  [P.tasksComplete]: [...staffInScope, 'lead-department'],
  [P.objectionsLodge]: ['village-cadre', 'village-committee', 'township-officer'],
  [P.householdsRead]: [...staffInScope, 'household', 'supervisor'],
  [P.householdsReadResidentId]: ['village-cadre', 'township-officer', 'city-bureau'],
  // A move (迁移): the township within its township, the city bureau across the county.
  [P.householdsMove]: ['township-officer', 'city-bureau'],
  // Members join and leave (births, marriages, deaths, 分户) as the staff who know them record it.
  [P.householdsChangeMembers]: ['village-cadre', 'township-officer', 'city-bureau'],
  // Which reports: a township its own half-monthly reports, a bureau its own data exchange, the city
  // bureau and supervisors all of them (checked on the report).
  [P.reportsRead]: ['township-officer', 'city-bureau', 'sector-bureau', 'supervisor'],
  [P.auditRead]: ['supervisor'],
  [P.accountsManage]: ['administrator'],
  [P.payloadsDecode]: ['supervisor'],
  // The official calendar: every account sees which years are arranged; the city bureau enters them.
  [P.calendarRead]: [...Roles],
  [P.calendarManage]: ['city-bureau'],
  // The yearly income line and thresholds: staff see them; the city bureau drafts, publishes, runs
  // what-ifs and moves a running case onto the published lines.
  [P.policyRead]: [...staffInScope, 'supervisor'],
  [P.policyManage]: ['city-bureau'],
  [P.self]: [...Roles],
  // The county's division codes: public facts every account needs to fill in forms and scopes.
  [P.divisionsRead]: [...Roles],
  // The staff console. A case file: its history with who acted, and its header.
  [P.caseFilesRead]: [...staffInScope, 'supervisor'],
  // The register of monitored households (监测对象台账), in one's jurisdiction.
  [P.registersRead]: [...staffInScope, 'supervisor'],
  // Assistance measures: a lead department its own, the township its households', the city all.
  [P.measuresRead]: ['township-officer', 'city-bureau', 'lead-department', 'supervisor'],
  // Figures over the whole city: open and overdue cases, overdue tasks by level, classes.
  [P.dashboardRead]: ['city-bureau', 'supervisor'],
  // Emergency relief on the day (急难社会救助): the township grants it first, the city bureau too.
  [P.reliefGrant]: ['township-officer', 'city-bureau'],
  // The supervisors' assessment of each township (督导考核, plan §6.4): the city bureau and
  // supervisors every township's figures, a township its own.
  [P.assessmentRead]: ['township-officer', 'city-bureau', 'supervisor'],
  // Reconciling with the national system's export is the city bureau's (plan §4.3 step 4).
  [P.nationalReconcile]: ['city-bureau'],
  // A village meeting appraises a list of households at once (民主评议): the committee holds it;
  // its staff and those above read it with the notice board (casesNotice).
  [P.meetingsHold]: ['village-committee'],
  // The city bureau confirms sector bureaus' alerts and sends them down (plan §4.2.3); supervisors
  // read its queue.
  [P.triageRead]: ['city-bureau', 'supervisor'],
  [P.triageDecide]: ['city-bureau'],
  // The Temporal Web UI behind the API's sign-in, read-only: supervisors finding stuck cases.
  [P.workflowsInspect]: ['supervisor'],
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return RolesWithPermission[permission].includes(role);
}
