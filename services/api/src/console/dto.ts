import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

import {
  CaseStages,
  Departments,
  HouseholdClasses,
  RiskTypeCodes,
  type CaseStage,
  type Department,
  type HouseholdClass,
} from '@fanpin/contracts';

import { PageAfter } from '../case-files/dto';
import { PageLimit } from '../errors/page-limit';

const TownshipCode = () => (target: object, key: string | symbol) => {
  ApiPropertyOptional({ pattern: '^\\d{9}$', description: 'Only this township' })(target, key);
  IsOptional()(target, key);
  Matches(/^\d{9}$/)(target, key);
};
const VillageCode = () => (target: object, key: string | symbol) => {
  ApiPropertyOptional({ pattern: '^\\d{12}$', description: 'Only this village' })(target, key);
  IsOptional()(target, key);
  Matches(/^\d{12}$/)(target, key);
};
const OneOf =
  (values: readonly string[], description?: string) => (target: object, key: string | symbol) => {
    ApiPropertyOptional({ enum: [...values], ...(description ? { description } : {}) })(
      target,
      key,
    );
    IsOptional()(target, key);
    IsIn([...values])(target, key);
  };

/** Filters of the register of monitored households, without paging (the workbook's). */
export class RegisterFilterDto {
  @TownshipCode()
  townshipCode?: string;

  @VillageCode()
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

  @TownshipCode()
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
