import type { CaseStage } from '@contracts/case';
import type { ResponsibleUnit, TaskKind } from '@contracts/forms/task-forms';
import type {
  AccountKind,
  AlertOutcomeStatus,
  AuditOutcome,
  BatchStatus,
  EntryChannel,
  LabourCapacity,
  MeasureFactType,
  MeetingPurpose,
  MemberCondition,
  MemberJoinReason,
  MemberLeaveReason,
  MemberRelation,
  ReliefKind,
  ResidentIdReason,
  Role,
  Stability,
  TriageDismissReason,
} from '@contracts/codes';
import { HouseholdClassLabels, MeasureKindLabels, RiskTypeLabels } from '@contracts/labels';

import { ApiError } from './api';

/**
 * The console's words, Simplified Chinese first. Codes come from the API (stages, task kinds,
 * roles, error codes, field rules); each has its label here, and an unknown code is shown as it is
 * rather than hidden, so that a new code is noticed and named. A table of codes the contracts list
 * says so (`satisfies Record<Role, string>`): a code left without its label does not compile.
 */
export const Roles: Record<string, string> = {
  household: '农户',
  'village-cadre': '村干部',
  'village-committee': '村两委',
  'township-officer': '乡镇干部',
  'city-bureau': '市乡村振兴局',
  'sector-bureau': '行业部门',
  'lead-department': '牵头部门',
  supervisor: '督导人员',
  administrator: '系统管理员',
} satisfies Record<Role, string>;

export const Stages: Record<string, string> = {
  INTAKE: '受理',
  VILLAGE_VERIFICATION: '村级核实',
  DEMOCRATIC_APPRAISAL: '民主评议',
  PUBLIC_NOTICE: '村级公示',
  TOWNSHIP_VERIFICATION: '乡镇复核',
  AWAITING_REPORT: '待半月上报',
  CITY_DETERMINATION: '市级认定',
  NATIONAL_ENTRY: '录入全国系统',
  ASSISTANCE_PLANNING: '制定帮扶计划',
  INCLUDED: '已纳入监测',
  EXCLUDED: '未纳入',
  MONITORING: '监测帮扶中',
  ELIMINATION_APPRAISAL: '风险消除民主评议',
  ELIMINATION_NOTICE: '风险消除公示',
  ELIMINATION_TOWNSHIP: '风险消除乡镇审核',
  ELIMINATION_CITY: '风险消除市级确认',
  RISK_ELIMINATED: '风险已消除',
} satisfies Record<CaseStage, string>;

export const TaskKinds: Record<string, string> = {
  'village-verification': '村级核实',
  'democratic-appraisal': '民主评议',
  'objection-review': '异议复核',
  'township-verification': '乡镇复核',
  'city-determination': '市级认定',
  'manual-national-entry': '手工录入全国系统',
  'national-entry': '乡镇录入全国系统',
  'national-update': '乡镇更新全国系统',
  'assistance-plan': '制定帮扶计划',
  'assistance-measure': '帮扶措施进展',
  'measure-contribution': '责任单位配合',
  'follow-up-visit': '定期回访',
  'elimination-appraisal': '风险消除民主评议',
  'elimination-township': '风险消除乡镇审核',
  'elimination-city': '风险消除市级确认',
} satisfies Record<TaskKind, string>;

export const Channels: Record<string, string> = {
  'self-declaration': '农户自主申报',
  'cadre-screening': '干部排查',
  'bureau-alert': '部门筛查预警',
} satisfies Record<EntryChannel, string>;

export const HouseholdClasses: Record<string, string> = HouseholdClassLabels;

export const Departments: Record<string, string> = {
  agriculture: '市农业农村局',
  'human-resources': '市人社局',
  education: '市教育局',
  health: '市卫健局',
  'medical-insurance': '市医保局',
  'civil-affairs': '市民政局',
  housing: '市住建局',
  water: '市水利局',
  finance: '市财政局',
  'rural-revitalisation': '市乡村振兴局',
  propaganda: '市委宣传部',
  'emergency-management': '市应急管理局',
  'disabled-persons-federation': '市残联',
  'ethnic-religious-affairs': '市民宗局',
  'rural-commercial-bank': '市农商行',
  'natural-resources': '市自然资源局',
  statistics: '市统计局',
  townships: '各乡镇(街)',
} satisfies Record<ResponsibleUnit, string>;

/** What became of a bureau's alert (the feedback list, plan §4.2.3). */
export const AlertOutcomes: Record<string, string> = {
  'awaiting-triage': '待市乡村振兴局确认',
  dismissed: '市乡村振兴局未采纳',
  confirmed: '已确认，待下发',
  received: '已接收，待建档',
  'case-opening': '正在建档',
  open: '核实中',
  included: '已纳入监测',
  excluded: '核实后未纳入',
  'risk-eliminated': '已纳入，风险已消除',
} satisfies Record<AlertOutcomeStatus, string>;

/** Why the city bureau does not take up a bureau's alert (预警确认, plan §4.2.3). */
export const TriageDismissReasons: Record<string, string> = {
  NOT_RURAL: '非农村人口或非本市户籍',
  ALREADY_MONITORED: '已纳入监测',
  DATA_ERROR: '数据有误',
  RISK_RESOLVED: '风险已消除',
  DECEASED_OR_MOVED: '已死亡或迁出',
} satisfies Record<TriageDismissReason, string>;

export const BatchStatuses: Record<string, string> = {
  received: '已接收，等待处理',
  dispatching: '正在分派',
  done: '已完成',
} satisfies Record<BatchStatus, string>;

export const AccountKinds: Record<string, string> = {
  staff: '工作人员（密码登录）',
  integration: '系统对接（客户端凭据）',
} satisfies Record<AccountKind, string>;

/** The columns of a bureau batch, by the field a rejection names. */
export const BatchFields: Record<string, string> = {
  alertId: '预警编号',
  villageCode: '村代码',
  'head.name': '户主姓名',
  'head.residentId': '身份证号',
  'head.phone': '联系电话',
  triggers: '触发情形',
  incomePerCapita: '人均纯收入',
  rigidExpenses: '刚性支出',
  line: '整行',
  record: '整条记录',
};

/** The read pages (registers, measures, notices, dashboard, audit log): their codes' labels. */
export const MeasureStatuses: Record<string, string> = {
  open: '实施中',
  done: '已完成',
  cancelled: '已取消',
};

export const RegisterStatuses: Record<string, string> = {
  included: '监测中',
  'risk-eliminated': '风险已消除',
};

export const NoticePurposes: Record<string, string> = {
  inclusion: '拟纳入',
  elimination: '拟标注风险消除',
  plan: '帮扶措施',
};

export const Decisions: Record<string, string> = {
  included: '纳入监测对象',
  'risk-eliminated': '标注风险消除',
};

/** The case file (户档案): the case's status, the steps of its history, its dialogs' reasons. */
export const CaseStatuses: Record<string, string> = {
  open: '认定中',
  included: '已纳入监测',
  excluded: '未纳入',
  'risk-eliminated': '风险已消除',
};

export const StepKinds: Record<string, string> = {
  ...TaskKinds,
  alert: '收到部门预警',
  opened: '立案',
  objection: '收到公示异议',
  'public-notice': '村级公示',
  report: '半月上报',
  elimination: '标注风险消除',
  'elimination-rollback': '风险消除回退',
  'emergency-relief': '急难救助',
  'fast-track': '快速认定',
  'plan-appraisal': '帮扶措施民主评议',
};

/** Why staff read a whole ID number (查看完整身份证号): kept in the audit log beside the read. */
export const ResidentIdReasons: Record<ResidentIdReason, string> = {
  'home-visit': '入户核实',
  'identity-check': '核对身份',
  'national-entry': '录入全国系统',
  'assistance-payment': '发放帮扶资金',
  'record-correction': '更正档案',
};

export const ObjectionGrounds: Record<string, string> = {
  INCOME_UNDERSTATED: '收入少报',
  ASSETS_UNDECLARED: '隐瞒财产（车辆、房产、经营）',
  NOT_RESIDENT: '非本村常住户',
  CONDITION_MISSTATED: '情况与实际不符',
  OTHER: '其他',
};

export const RollbackReasons: Record<string, string> = {
  INCOME_FELL_AGAIN: '收入再次下降',
  NEW_HARDSHIP: '出现新的困难',
  ELIMINATED_IN_ERROR: '风险消除有误',
};

export const ReliefReasons: Record<string, string> = {
  SUDDEN_ILLNESS: '突患重病',
  ACCIDENT: '意外事故',
  NATURAL_DISASTER: '自然灾害',
  EPIDEMIC: '重大疫情',
  OTHER_EMERGENCY: '其他突发事件',
};

export const ReliefKinds: Record<string, string> = {
  'emergency-relief': '急难社会救助',
  'disaster-relief': '受灾人员救助',
} satisfies Record<ReliefKind, string>;

export const FastTrackReasons: Record<string, string> = {
  SUDDEN_HARDSHIP: '突发严重困难，需及时认定',
};

/** The village committee's meeting (村民代表会议): what it appraises, and how each household fared. */
export const MeetingPurposes = {
  inclusion: '纳入监测评议',
  elimination: '风险消除评议',
  plan: '帮扶措施评议',
} as const satisfies Record<MeetingPurpose, string>;

export const AppraisalOutcomes: Record<string, string> = { approved: '同意', rejected: '不同意' };

export const MeetingHandOvers: Record<string, string> = {
  recorded: '已记入',
  refused: '未记入（该户已不在待评议环节）',
  pending: '待记入（请重新提交）',
};

export const Levels: Record<string, string> = {
  village: '村级',
  township: '乡镇级',
  city: '市级',
  department: '行业部门',
};

export const AuditKindLabels: Record<string, string> = {
  'auth.login': '登录',
  'auth.token': '获取令牌',
  'auth.logout': '退出登录',
  'account.password-changed': '修改密码',
  'access.refused': '越权访问被拒',
  'case.decision': '办理决定',
  'household.resident-id.read': '查看完整身份证号',
  'report.downloaded': '下载报表',
  'account.created': '创建账号',
  'account.disabled': '停用账号',
  'account.locked': '账号锁定',
  'account.unlocked': '账号解锁',
  'calendar.entered': '录入工作日历',
  'household.moved': '农户迁移',
  'household.member-joined': '家庭成员增加',
  'household.member-left': '家庭成员减少',
  'household.head-changed': '变更户主',
  'household.founded': '分户立户',
  'codec.decoded': '解密流程数据',
};

/** A member's relation to the head (与户主关系). */
export const MemberRelations: Record<string, string> = {
  head: '户主',
  spouse: '配偶',
  child: '子女',
  'child-in-law': '儿媳/女婿',
  grandchild: '孙子女',
  parent: '父母',
  'parent-in-law': '公婆/岳父母',
  grandparent: '祖父母',
  sibling: '兄弟姐妹',
  other: '其他',
} satisfies Record<MemberRelation, string>;

/** The plan's special groups inside a household. */
export const MemberConditionLabels: Record<string, string> = {
  'serious-illness': '大病重病',
  'chronic-illness': '慢性病',
  'severe-disability': '重度残疾',
  'disabled-elderly': '失能老人',
  'demented-elderly': '失智老人',
  student: '在校生',
} satisfies Record<MemberCondition, string>;

/** Why a member joined or left. */
export const MemberReasons: Record<string, string> = {
  registered: '建档',
  split: '分户',
  birth: '出生',
  marriage: '婚嫁迁入',
  adoption: '收养',
  'moved-in': '迁入',
  'record-correction': '更正档案',
  death: '死亡',
  'marriage-out': '婚嫁迁出',
  'moved-out': '迁出',
} satisfies Record<MemberJoinReason | MemberLeaveReason, string>;

export const AuditOutcomeLabels: Record<string, string> = {
  ok: '成功',
  refused: '被拒绝',
  failed: '失败',
} satisfies Record<AuditOutcome, string>;

/** Labels of form fields, by the field's name (the last segment of its path). */
export const Fields: Record<string, string> = {
  outcome: '结论',
  householdSize: '家庭人口（人）',
  incomePerCapita: '人均纯收入（元/年）',
  lastYearIncomePerCapita: '上年人均纯收入（元/年）',
  rigidExpenses: '刚性支出（元/年）',
  assurances: '“两不愁三保障”及饮水安全',
  food: '不愁吃',
  clothing: '不愁穿',
  compulsoryEducation: '义务教育有保障',
  basicMedical: '基本医疗有保障',
  safeHousing: '住房安全有保障',
  safeDrinkingWater: '饮水安全有保障',
  labourCapacity: '劳动能力',
  triggers: '触发情形（第 4.1 条）',
  commitmentSigned: '农户已签署承诺授权书',
  commitmentSignedOn: '承诺授权书签署日期',
  reasonCode: '理由代码',
  heldOn: '会议日期',
  upheld: '异议成立',
  visitedOn: '入户日期',
  riskTypes: '风险类型',
  ledgerEntry: '台账编号',
  include: '纳入监测',
  householdClass: '监测对象类别',
  entryId: '全国系统监测对象编号',
  enteredOn: '录入日期',
  measures: '帮扶措施',
  endMeasures: '终止的帮扶措施',
  measureId: '措施编号',
  kind: '措施类型',
  measureCode: '措施代码',
  leadDepartment: '牵头单位',
  responsibleDepartments: '责任单位',
  dueOn: '完成期限',
  announcedOn: '公告日期',
  status: '进展状态',
  percent: '完成比例（%）',
  reportedOn: '报告日期',
  noteCode: '工作内容代码',
  stability: '稳定情况',
  proposeElimination: '提议标注风险消除',
  facts: '帮扶内容',
  amount: '金额（元）',
  termMonths: '期限（月）',
  course: '培训项目代码',
  skill: '掌握技能代码',
  completedOn: '结业日期',
  post: '岗位代码',
  monthlyPay: '月工资（元）',
  monthlyAmount: '月保障金（元）',
  grantedOn: '批准日期',
  policyKind: '险种代码',
  premium: '保费（元）',
  insuredAmount: '保额（元）',
  contributionCode: '配合工作代码',
};

/** Labels of fields whose name means something else inside a measure's facts. */
const PathFields: Record<string, string> = {
  'facts.type': '帮扶内容类别',
  'facts.status': '保障类别',
};

/** Labels of enumerated values, by field name, then value. */
export const Values: Record<string, Record<string, string>> = {
  outcome: {
    nominate: '拟纳入监测',
    'not-at-risk': '无风险，不纳入',
    approved: '通过',
    rejected: '不通过',
    confirm: '复核通过',
    reject: '复核不通过',
    eliminate: '确认风险消除',
    keep: '继续监测',
    'emergency-relief': '急难社会救助',
    'disaster-relief': '受灾人员救助',
  },
  labourCapacity: {
    full: '有劳动能力',
    partial: '弱劳动能力',
    none: '无劳动能力',
  } satisfies Record<LabourCapacity, string>,
  householdClass: HouseholdClasses,
  kind: MeasureKindLabels,
  leadDepartment: Departments,
  responsibleDepartments: Departments,
  status: {
    'in-progress': '进行中',
    done: '已完成',
    'minimum-living-allowance': '农村低保',
    'extreme-poverty-support': '特困人员救助供养',
  },
  type: {
    'micro-credit': '小额信贷',
    'skills-training': '技能培训',
    'public-welfare-post': '公益岗位',
    'social-assistance': '低保、特困',
    insurance: '防贫保险',
    'industry-subsidy': '产业奖补',
  } satisfies Record<MeasureFactType, string>,
  stability: {
    stable: '稳定',
    'weakly-stable': '基本稳定',
    'at-risk': '仍有风险',
  } satisfies Record<Stability, string>,
  riskTypes: RiskTypeLabels,
  triggers: {
    '1': '1 人均纯收入低于监测范围',
    '2': '2 因病支出骤增',
    '3': '3 因残支出骤增',
    '4': '4 因学支出骤增',
    '5': '5 因灾因意外损失',
    '6': '6 “两不愁三保障”或饮水出现问题',
    '7': '7 其他突发严重困难',
  },
};

/** Messages of the field rules the forms share with the API (`FieldProblem.rule`). */
export const Rules: Record<string, string> = {
  required: '必填',
  type: '格式不对',
  'one-of': '请从选项中选择',
  min: '小于下限',
  max: '超过上限',
  format: '格式不正确',
  'unknown-field': '不是本表的字段',
  distinct: '不能重复',
  'not-allowed': '此项与所选结论不符，请清空',
  rule: '与其他字段不一致',
  invalid: '无效',
};

/** What each error code of the API means for the person in front of the page. */
export const ErrorMessages: Record<string, string> = {
  'INPUT.INVALID': '填写有误，请按提示修改',
  'AUTH.REQUIRED': '请先登录',
  'AUTH.TOKEN_INVALID': '登录已失效，请重新登录',
  'AUTH.TOKEN_EXPIRED': '登录已过期，请重新登录',
  'AUTH.SESSION_EXPIRED': '登录已过期，请重新登录',
  'AUTH.SESSION_ENDED': '您已在其他地方退出或修改了密码，请重新登录',
  'AUTH.BAD_CREDENTIALS': '账号或密码错误（连续失败将被锁定）',
  'AUTH.LOCKED': '账号已锁定，请联系管理员解锁',
  'AUTH.BUSY': '登录繁忙，请稍后再试',
  'AUTH.CSRF': '页面已过期，请刷新后重试',
  'RATE.LIMITED': '操作过于频繁，请稍后再试',
  'ACCESS.DENIED': '您的账号无权进行此操作',
  'CASE.NOT_FOUND': '未找到该户档案，或不在您的管辖范围内',
  'CASE.TASK_NOT_OPEN': '该任务当前不可办理（案件已进入其他环节）',
  'CASE.TASK_ALREADY_DONE': '该任务已办结',
  'CASE.DECISION_INVALID': '该决定与案件当前情况不符',
  'CASE.ELIMINATION_REFUSED': '不符合风险消除条件，不能提议标注风险消除',
  'CASE.FAST_TRACK_REFUSED': '该户未登记急难救助，或现行政策不允许快速认定',
  'CASE.WRONG_STAGE': '案件不在可进行此操作的环节',
  'MEETING.NOT_FOUND': '未找到该会议记录',
  'MEETING.CONFLICT': '该会议编号已用于其他内容，请换一个编号',
  'MEETING.CASE_NOT_WAITING': '名单中有农户不在待评议环节（见下方提示），未记录任何内容',
  'HOUSEHOLD.NOT_FOUND': '未找到该户，或不在您的管辖范围内',
  'MEMBER.IN_OTHER_HOUSEHOLD': '此人现为其他户的家庭成员，须先从该户减员',
  'MEMBER.NOT_FOUND': '未找到该家庭成员',
  'MEMBER.ALREADY_LEFT': '该成员此前已减员（日期或原因不同）',
  'MEMBER.NEW_HEAD_NEEDED': '户主减员须同时指定留户成员为新户主',
  'BATCH.TOO_LARGE': '文件过大',
  'BATCH.UNREADABLE': '文件无法读取，请使用模板格式（CSV 或 xlsx）',
  'BATCH.EMPTY': '文件没有数据行',
  'BATCH.CONFLICT': '该批次编号已用于其他内容',
  'BATCH.NOT_FOUND': '未找到该批次（或不属于本单位）',
  'ALERT.CONFLICT': '预警编号重复，或此前已用于不同内容',
  'ALERT.NOT_FOUND': '未找到该预警（或不属于本单位）',
  'TRIAGE.ITEM_NOT_FOUND': '所选预警不在本辖区的待确认清单中',
  'TRIAGE.DECIDED_OTHERWISE': '所选预警此前已作出不同处理，本次未作任何更改',
  'DIVISION.UNKNOWN': '村代码不是临江市的村',
  'RESIDENT_ID.INVALID': '身份证号校验不通过（GB 11643-1999）',
  'PHONE.INVALID': '联系电话不是有效的大陆号码',
  'INPUT.UNSUPPORTED_MEDIA_TYPE': '文件格式不支持，请上传 CSV 或 xlsx 文件',
  'INPUT.MALFORMED_JSON': '内容不是有效的 JSON',
  'INPUT.TOO_LARGE': '文件过大',
  'INPUT.TOO_DEEP': '内容层级过深',
  'ACCOUNT.EXISTS': '该账号已存在，请换一个账号',
  'ACCOUNT.NOT_FOUND': '账号不存在',
  'ACCOUNT.SCOPE_INVALID': '角色与所选区划、单位或登录方式不符',
  'TEMPORAL.UNAVAILABLE': '流程服务暂时不可用，请稍后重试（已提交的内容不会丢失）',
  'DATABASE.UNAVAILABLE': '数据库暂时不可用，请稍后重试',
  'SERVICE.NOT_READY': '系统正在启动，请稍后重试',
  'ROUTE.NOT_FOUND': '页面不存在',
  NETWORK: '网络连接失败，请检查网络后重试',
  INTERNAL: '系统内部错误，请将编号告知管理员',
};

export const label = (table: Record<string, string>, code: string | null | undefined): string =>
  code == null ? '—' : (table[code] ?? code);

/** The field a path names: its last segment, without list indexes (measures[0].kind → kind). */
const fieldOf = (path: string): string =>
  path
    .replace(/\[\d+\]/g, '')
    .split('.')
    .pop() ?? path;

export function fieldLabel(path: string): string {
  const name = fieldOf(path);
  const tail = path
    .replace(/\[\d+\]/g, '')
    .split('.')
    .slice(-2)
    .join('.');
  return PathFields[tail] ?? Fields[name] ?? name;
}

export function valueLabel(field: string, value: string | number): string {
  return Values[fieldOf(field)]?.[String(value)] ?? String(value);
}

export function errorMessage(code: string): string {
  return ErrorMessages[code] ?? `操作未成功（${code}）`;
}

/** What a failed call of the API says to the person: its code's message (no answer: the network). */
export const errorText = (e: unknown): string =>
  errorMessage(e instanceof ApiError ? e.code : 'NETWORK');

/**
 * The forms' rules between fields, by the English text the definition gives them (after the field
 * name): the definition stays the one source of the rule, this only words it for the page.
 */
const RuleTexts: [RegExp, string][] = [
  [/^must be true to nominate$/, '拟纳入监测须由农户签署承诺授权书'],
  [/^is required to nominate$/, '拟纳入监测时必填'],
  [/^must name at least one to nominate$/, '拟纳入监测须至少选择一种触发情形'],
  [/^goes with commitmentSigned true$/, '仅在已签署承诺授权书时填写'],
  [/^is required with the outcome .*$/, '选择此结论时必须填写'],
  [/^goes with the outcome .* only$/, '此项只在否定结论时填写，请清空'],
  [/^must name at least one to confirm$/, '复核通过须至少选择一种风险类型'],
  [/^is required to include$/, '纳入监测时必选'],
  [/^is required to refuse$/, '不纳入时必须填写理由代码'],
  [/^goes with include (true|false) only$/, '与“纳入监测”的选择不符，请清空'],
  [/^must not name the lead department$/, '责任单位不能包含牵头单位'],
  [/^must give each measure its own measureId$/, '每项措施的编号不能重复'],
  [/^must name each measure once$/, '同一项措施不能重复终止'],
  [/^does not lead \S+ measures: .*$/, '该单位不是此类措施的牵头单位（见实施方案第五部分）'],
  [/^must be 100 for a done measure$/, '已完成的措施，比例须为 100'],
  [/^must be done at 100 percent$/, '比例为 100 时，状态应为“已完成”'],
  [/^must be at least (\S+)( items| characters)?$/, '不能小于 $1'],
  [/^must be at most (\S+)( items| characters)?$/, '不能大于 $1'],
];

/** A field problem (from the definition's check or the API's answer) in Chinese. */
export function problemText(problem: { field: string; rule: string; message: string }): string {
  const text = problem.message.startsWith(`${problem.field} `)
    ? problem.message.slice(problem.field.length + 1)
    : problem.message;
  for (const [pattern, chinese] of RuleTexts) {
    if (pattern.test(text)) return text.replace(pattern, chinese);
  }
  return Rules[problem.rule] ?? Rules.invalid;
}

/** A measure's facts in a line, as staff read them (yuan, codes): 小额信贷 50000 元，36 个月. */
export function factsText(facts: Record<string, unknown> | null | undefined): string {
  if (!facts) return '—';
  const kind = valueLabel('type', typeof facts.type === 'string' ? facts.type : '');
  const code = (key: string): string => (typeof facts[key] === 'string' ? facts[key] : '');
  const yuan = (key: string, unit = '元') =>
    typeof facts[key] === 'number' ? `${String(facts[key])} ${unit}` : '';
  const parts: string[] = (() => {
    switch (facts.type) {
      case 'micro-credit':
        return [yuan('amount'), yuan('termMonths', '个月')];
      case 'skills-training':
        return [code('course'), code('skill') ? `掌握 ${code('skill')}` : ''];
      case 'public-welfare-post':
        return [code('post'), yuan('monthlyPay', '元/月')];
      case 'social-assistance':
        return [valueLabel('status', code('status')), yuan('monthlyAmount', '元/月')];
      case 'insurance':
        return [code('policyKind'), `保费 ${yuan('premium')}`, `保额 ${yuan('insuredAmount')}`];
      case 'industry-subsidy':
        return [yuan('amount')];
      default:
        return [];
    }
  })();
  return [kind, parts.filter(Boolean).join('，')].filter(Boolean).join(' ');
}
