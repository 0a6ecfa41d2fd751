/**
 * The code lists (代码表) of the system: every closed set of codes its forms, views, messages and
 * files use, in one place, as the plan's forms and the national system keep theirs. Each list's
 * order is the order the OpenAPI document and the console show.
 */

// Who works in the system
/**
 * Who uses the system (DOMAIN.md, roles). Every account has exactly one role; its scope says where
 * the role applies.
 */
export const Roles = [
  'household',
  'village-cadre',
  'village-committee',
  'township-officer',
  'city-bureau',
  'sector-bureau',
  'lead-department',
  'supervisor',
  'administrator',
] as const;
export type Role = (typeof Roles)[number];

/** Lead and responsible departments of assistance measures (牵头单位、责任单位, plan §5). */
export const Departments = [
  'agriculture',
  'human-resources',
  'education',
  'health',
  'medical-insurance',
  'civil-affairs',
  'housing',
  'water',
  'finance',
  'rural-revitalisation',
  'propaganda',
  'ethnic-religious-affairs',
  'rural-commercial-bank',
  'disabled-persons-federation',
  'emergency-management',
  'natural-resources',
  'statistics',
] as const;
export type Department = (typeof Departments)[number];

/** Roles that a task can wait for. */
export const StaffRoles = [
  'village-cadre',
  'village-committee',
  'township-officer',
  'city-bureau',
  'lead-department',
] as const;
export type StaffRole = (typeof StaffRoles)[number];

export const AccountKinds = ['staff', 'integration'] as const;
export type AccountKind = (typeof AccountKinds)[number];

/** How the request was signed in: a bearer token (integrations, scripts) or the console's cookie. */
export const AuthenticatedBy = ['bearer', 'session'] as const;

// Cases
/** Ways a household reaches the system (plan §4.2). */
export const EntryChannels = ['self-declaration', 'cadre-screening', 'bureau-alert'] as const;
export type EntryChannel = (typeof EntryChannels)[number];

/** The nine sector bureaus (行业部门) that send risk alerts. */
export const SectorBureaus = [
  'education',
  'housing',
  'health',
  'medical-insurance',
  'water',
  'civil-affairs',
  'agriculture',
  'emergency-management',
  'disabled-persons-federation',
] as const;
export type SectorBureau = (typeof SectorBureaus)[number];

/** Monitoring classes (§3): 脱贫不稳定户 / 边缘易致贫户 / 突发严重困难户. */
export const HouseholdClasses = ['unstable-out-of-poverty', 'marginal', 'sudden-hardship'] as const;
export type HouseholdClass = (typeof HouseholdClasses)[number];

export const TaskStatuses = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TaskStatuses)[number];

// Households and their members
/** How a member is related to the head (与户主关系). */
export const MemberRelations = [
  'head',
  'spouse',
  'child',
  'child-in-law',
  'grandchild',
  'parent',
  'parent-in-law',
  'grandparent',
  'sibling',
  'other',
] as const;
export type MemberRelation = (typeof MemberRelations)[number];

/**
 * The special groups the plan watches inside a household (plan §4.1: 大病重病、负担较重的慢性病、
 * 重度残疾、失能失智老年人; students, whose schooling is a rigid expense). Health data: sealed.
 */
export const MemberConditions = [
  'serious-illness',
  'chronic-illness',
  'severe-disability',
  'disabled-elderly',
  'demented-elderly',
  'student',
] as const;
export type MemberCondition = (typeof MemberConditions)[number];

/**
 * Why a member joined. `registered`: the head, when the household was first recorded; `split`:
 * the head of a household founded by a member who left another (分户).
 */
export const MemberJoinReasons = [
  'registered',
  'split',
  'birth',
  'marriage',
  'adoption',
  'moved-in',
  'record-correction',
] as const;
export type MemberJoinReason = (typeof MemberJoinReasons)[number];

/** Why a member left. `split` (分户): they leave to form a household of their own. */
export const MemberLeaveReasons = [
  'death',
  'marriage-out',
  'split',
  'moved-out',
  'record-correction',
] as const;
export type MemberLeaveReason = (typeof MemberLeaveReasons)[number];

export const LabourCapacities = ['full', 'partial', 'none'] as const;
export type LabourCapacity = (typeof LabourCapacities)[number];

/** Why a member of staff reads a head's full resident ID number: recorded in the audit log. */
export const ResidentIdReasons = [
  'home-visit',
  'identity-check',
  'national-entry',
  'assistance-payment',
  'record-correction',
] as const;
export type ResidentIdReason = (typeof ResidentIdReasons)[number];

// Risks and assistance
/** Risk types (风险类型) a township records on re-verification. */
export const RiskTypeCodes = [
  'ILLNESS',
  'DISABILITY',
  'EDUCATION',
  'DISASTER',
  'ACCIDENT',
  'EPIDEMIC',
  'INCOME_DROP',
  'LABOUR_LOSS',
  'ELDERLY_CARE',
  'OTHER',
] as const;
export type RiskTypeCode = (typeof RiskTypeCodes)[number];

/** The five kinds of assistance (plan §5), each with its lead department. */
export const MeasureKinds = [
  'industry',
  'employment',
  'safety-net',
  'motivation',
  'social',
] as const;
export type MeasureKind = (typeof MeasureKinds)[number];

/** How settled a household's situation is, as the village judges it at a follow-up visit. */
export const Stabilities = ['stable', 'weakly-stable', 'at-risk'] as const;
export type Stability = (typeof Stabilities)[number];

/**
 * What a measure actually gives the household (plan §5), as the plan names it and the lead
 * department's reports complete it: one shape per type of fact, told apart by `type`. Codes and
 * figures only, never a name or a number of a person. The yearly report sums them per township.
 */
export const MeasureFactTypes = [
  'micro-credit',
  'skills-training',
  'public-welfare-post',
  'social-assistance',
  'insurance',
  'industry-subsidy',
] as const;
export type MeasureFactType = (typeof MeasureFactTypes)[number];

/** Social assistance granted (综合保障): 农村低保 or 特困人员救助供养. */
export const SocialAssistanceStatuses = [
  'minimum-living-allowance',
  'extreme-poverty-support',
] as const;
export type SocialAssistanceStatus = (typeof SocialAssistanceStatuses)[number];

// Ways in
/** How a household declares itself (自主申报): the app, the 12317 hotline, or a written form. */
export const DeclarationChannels = ['app', 'hotline-12317', 'written-form'] as const;
export type DeclarationChannel = (typeof DeclarationChannels)[number];

/** Kinds of emergency assistance a household in sudden severe difficulty receives at once. */
export const ReliefKinds = ['emergency-relief', 'disaster-relief'] as const;
export type ReliefKind = (typeof ReliefKinds)[number];

/** What the households of a meeting are appraised for, and the task each case waits with. */
export const MeetingPurposes = ['inclusion', 'elimination', 'plan'] as const;
export type MeetingPurpose = (typeof MeetingPurposes)[number];

/** What became of each record: a new case, an alert attached to the household's case, … */
export const BatchOutcomes = ['new-case', 'attached', 'duplicate', 'rejected'] as const;
export type BatchOutcome = (typeof BatchOutcomes)[number];

export const BatchStatuses = ['received', 'dispatching', 'done'] as const;
export type BatchStatus = (typeof BatchStatuses)[number];

export const AlertOutcomes = [
  'awaiting-triage',
  'dismissed',
  'confirmed',
  'received',
  'case-opening',
  'open',
  'included',
  'excluded',
  'risk-eliminated',
] as const;
export type AlertOutcomeStatus = (typeof AlertOutcomes)[number];

/**
 * Why the city dismisses an item, as stable codes: not a rural household of the county (非农村
 * 人口/非本市), already a monitored household (已纳入监测), a bureau's data error (数据错误), the
 * household's situation already resolved (风险已消除), or the person deceased or gone (死亡/迁出).
 */
export const TriageDismissReasons = [
  'NOT_RURAL',
  'ALREADY_MONITORED',
  'DATA_ERROR',
  'RISK_RESOLVED',
  'DECEASED_OR_MOVED',
] as const;
export type TriageDismissReason = (typeof TriageDismissReasons)[number];

export const TriageStatuses = ['pending', 'confirmed', 'dismissed'] as const;
export type TriageStatus = (typeof TriageStatuses)[number];

// The national system
/** The monitoring mark as the national system shows it: still monitored, or risk eliminated. */
export const NationalMarks = ['monitoring', 'risk-eliminated'] as const;
export type NationalMark = (typeof NationalMarks)[number];

/** How this system and the national one differ on one household. */
export const DifferenceKinds = [
  'missing-here',
  'missing-there',
  'record-differs',
  'class-differs',
  'mark-differs',
] as const;
export type DifferenceKind = (typeof DifferenceKinds)[number];

/**
 * How a deployment enters its monitoring objects (录入) into the national system: through the
 * adapter (`adapter`, automatic), or keyed in by the township (`township`, as most places do),
 * each entry's national record number recorded here. Chosen once per case, at its inclusion.
 */
export const NationalEntryPaths = ['adapter', 'township'] as const;
export type NationalEntryPath = (typeof NationalEntryPaths)[number];

// Reports, divisions and the audit log
/**
 * Periodic reports (plan §4.2 and §6.2), each produced by a Temporal Schedule:
 * - `half-monthly` (半月报): per township, at each cut-off (the 15th and the month's last day, China
 *   Standard Time), the period's declarations and screenings, the bureaus' warnings and the cases
 *   reported to the city bureau;
 * - `bureau-exchange` (数据交换): per sector bureau, every two months, the confirmed monitoring list
 *   (the feedback of plan §4.2.3) and the outcome of each of the bureau's alerts;
 * - `scale-risk` (规模性返贫风险研判): once a year, for the city, counts and trends by township, class
 *   and risk type.
 * A report's content is a frozen snapshot of codes and household keys; the files (`.xlsx`, `.csv`)
 * are rendered from it when they are downloaded, with the household heads' names for those allowed.
 */
export const ReportKinds = ['half-monthly', 'bureau-exchange', 'scale-risk'] as const;
export type ReportKind = (typeof ReportKinds)[number];

export const DivisionLevels = ['county', 'township', 'village'] as const;

export const AuditOutcomes = ['ok', 'refused', 'failed'] as const;
export type AuditOutcome = (typeof AuditOutcomes)[number];
