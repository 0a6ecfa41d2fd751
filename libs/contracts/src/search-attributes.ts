import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes for supervisors (Temporal Web UI, `temporal workflow list --query`).
 * Temporal stores these in plain text and the Web UI shows them to whoever reaches it: codes of
 * divisions, stages and clocks only, never a name, phone or ID number, and nothing that says
 * anything of a household's health or income (risk types stay in the encrypted history).
 */
export const CaseSearchAttributes = {
  stage: defineSearchAttributeKey('CaseStage', SearchAttributeType.KEYWORD),
  awaitingRole: defineSearchAttributeKey('AwaitingRole', SearchAttributeType.KEYWORD),
  countyCode: defineSearchAttributeKey('CountyCode', SearchAttributeType.KEYWORD),
  townshipCode: defineSearchAttributeKey('TownshipCode', SearchAttributeType.KEYWORD),
  villageCode: defineSearchAttributeKey('VillageCode', SearchAttributeType.KEYWORD),
  entryChannel: defineSearchAttributeKey('EntryChannel', SearchAttributeType.KEYWORD),
  householdClass: defineSearchAttributeKey('HouseholdClass', SearchAttributeType.KEYWORD),
  stageDeadline: defineSearchAttributeKey('StageDeadline', SearchAttributeType.DATETIME),
  /** StageDeadline was counted on weekdays only: a year it reaches has no official arrangement. */
  deadlineProvisional: defineSearchAttributeKey('DeadlineProvisional', SearchAttributeType.BOOL),
  overdue: defineSearchAttributeKey('Overdue', SearchAttributeType.BOOL),
} as const;

/** The CLI's names for the types, as `temporal server start-dev --search-attribute Name=Type` wants them. */
const cliTypeNames: Record<SearchAttributeType, string> = {
  [SearchAttributeType.TEXT]: 'Text',
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.INT]: 'Int',
  [SearchAttributeType.DOUBLE]: 'Double',
  [SearchAttributeType.BOOL]: 'Bool',
  [SearchAttributeType.DATETIME]: 'Datetime',
  [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
};

/** `Name=Type` pairs for registering every custom search attribute on a Temporal server. */
export function searchAttributeRegistrations(): string[] {
  return Object.values(CaseSearchAttributes).map((key) => `${key.name}=${cliTypeNames[key.type]}`);
}
