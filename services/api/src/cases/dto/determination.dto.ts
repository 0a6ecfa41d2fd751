import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';

import { CaseStages, HouseholdClasses, type HouseholdClass } from '@fanpin/contracts';

/** The city bureau's determination: include or not, the class, or the reason fed back. */
export class DeterminationDto {
  @ApiProperty({ description: 'Include the household as a monitoring object (纳入监测对象)' })
  @IsBoolean()
  include!: boolean;

  @ApiPropertyOptional({ enum: HouseholdClasses, description: 'Required when include is true' })
  @IsOptional()
  @IsIn(HouseholdClasses)
  householdClass?: HouseholdClass;

  @ApiPropertyOptional({
    description: 'Required when include is false: fed back to the origin',
    example: 'INCOME_ABOVE_LINE',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/)
  reasonCode?: string;
}

export class DeterminationResultDto {
  @ApiProperty() taskId!: string;
  @ApiProperty({ enum: Object.values(CaseStages) }) stage!: string;
  @ApiProperty() include!: boolean;
}
