import {
  CaseStages,
  Departments,
  HouseholdClasses,
  RiskTypeCodes,
  type CaseStage,
  type Department,
  type HouseholdClass,
} from '@fanpin/contracts';

import { PageAfter, PageLimit } from '../errors/page-limit';
import { OneOf, TownshipCode, VillageCode } from '../errors/query-filters';

/** Filters of the register of monitored households, without paging (the workbook's). */
export class RegisterFilterDto {
  @TownshipCode('Only this township')
  townshipCode?: string;

  @VillageCode('Only this village')
  villageCode?: string;

  @OneOf(HouseholdClasses)
  householdClass?: HouseholdClass;

  @OneOf(RiskTypeCodes, 'Only households the township judged at this risk type')
  riskType?: string;

  @OneOf(Object.values(CaseStages))
  stage?: CaseStage;
}

/** The register, page by page. */
export class RegisterQueryDto extends RegisterFilterDto {
  @PageLimit()
  limit?: number;

  @PageAfter()
  after?: string;
}

/** A department's measures. */
export class MeasureQueryDto {
  @OneOf(Departments, 'A lead department (a department account sees only its own)')
  department?: Department;

  @OneOf(['open', 'done', 'cancelled'], 'open by default')
  status?: 'open' | 'done' | 'cancelled';

  @OneOf(['true', 'false'], 'Only open measures past their due date')
  overdue?: 'true' | 'false';

  @TownshipCode('Only this township')
  townshipCode?: string;

  @PageLimit()
  limit?: number;

  @PageAfter()
  after?: string;
}

export class NoticeQueryDto {
  @OneOf(['inclusion', 'elimination'], 'inclusion (identification) by default')
  purpose?: 'inclusion' | 'elimination';
}

export class AnnouncementQueryDto {
  @PageLimit()
  limit?: number;

  @PageAfter()
  after?: string;
}
