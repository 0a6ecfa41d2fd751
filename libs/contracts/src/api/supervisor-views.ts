/**
 * The search attributes the views ask, by name: the console imports this file, and the attribute
 * keys (search-attributes.ts) bring the Temporal SDK with them. A unit test holds the two equal.
 */
export const SupervisorViewAttributes = {
  overdue: 'Overdue',
  townshipCode: 'TownshipCode',
  awaitingRole: 'AwaitingRole',
  stage: 'CaseStage',
} as const;

/**
 * The questions supervisors ask of the Temporal Web UI, as saved views: a visibility query over
 * the household cases' search attributes (codes only, never personal data), opened in the UI's
 * workflow list. The console lists them for supervisors; `overdue` is asked per township too.
 */
export interface SupervisorView {
  id: 'overdue' | 'waiting-at-city' | 'stuck-in-national-entry';
  /** As the console shows it. */
  title: string;
  description: string;
  /** The visibility query; `townshipCode` narrows it to one township. */
  query(townshipCode?: string): string;
}

const SA = SupervisorViewAttributes;
const openCases = `WorkflowType = 'householdCase' AND ExecutionStatus = 'Running'`;
const inTownship = (code?: string) =>
  code === undefined ? '' : ` AND ${SA.townshipCode} = '${code.replace(/[^0-9]/g, '')}'`;

export const SupervisorViews: readonly SupervisorView[] = [
  {
    id: 'overdue',
    title: '逾期未办',
    description: '当前环节已超过办理时限的在办案件（可按乡镇查看）',
    query: (township) => `${openCases} AND ${SA.overdue} = true${inTownship(township)}`,
  },
  {
    id: 'waiting-at-city',
    title: '待市级办理',
    description: '等待市乡村振兴局认定或审核的在办案件',
    query: (township) =>
      `${openCases} AND ${SA.awaitingRole} = 'city-bureau'${inTownship(township)}`,
  },
  {
    id: 'stuck-in-national-entry',
    title: '全国系统录入滞留',
    description: '停在全国防返贫监测信息系统录入环节的在办案件',
    query: (township) => `${openCases} AND ${SA.stage} = 'NATIONAL_ENTRY'${inTownship(township)}`,
  },
];

/** The view's page in the Web UI at `uiBase` (the API's /temporal-ui in the production shape). */
export function supervisorViewUrl(
  uiBase: string,
  namespace: string,
  view: SupervisorView,
  townshipCode?: string,
): string {
  const query = encodeURIComponent(view.query(townshipCode));
  return `${uiBase.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows?query=${query}`;
}
