import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

import { HouseholdClasses } from '@fanpin/contracts';

export class EntryDto {
  @Matches(/^[A-Za-z0-9_-]{8,80}$/)
  householdKey!: string;

  @Matches(/^\d{12}$/)
  villageCode!: string;

  @IsIn(HouseholdClasses)
  householdClass!: string;

  /** Absent for an inclusion; otherwise the mark being set or undone. */
  @IsOptional()
  @IsIn(['elimination', 'elimination-rollback'])
  event?: 'elimination' | 'elimination-rollback';
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

export class MeasureDto {
  @Matches(CODE)
  measureId!: string;

  @Matches(/^[a-z-]{1,32}$/)
  kind!: string;

  @Matches(CODE)
  measureCode!: string;

  @Matches(/^[a-z-]{1,40}$/)
  leadDepartment!: string;

  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  dueOn!: string;
}

export class EndedMeasureDto {
  @Matches(CODE)
  measureId!: string;

  @Matches(CODE)
  reasonCode!: string;
}

export class MeasureChangesDto {
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MeasureDto)
  added!: MeasureDto[];

  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => EndedMeasureDto)
  ended!: EndedMeasureDto[];
}

/** A later change of a monitoring object: the measures a plan adds and ends. */
export class UpdateDto {
  @Matches(/^\d{12}$/)
  villageCode!: string;

  @IsIn(HouseholdClasses)
  householdClass!: string;

  @IsIn(['measures'])
  change!: 'measures';

  @ValidateNested()
  @Type(() => MeasureChangesDto)
  measures!: MeasureChangesDto;
}

export class BehaviourDto {
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60_000)
  latencyMs?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  failNext?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  rejectNext?: number;

  @IsOptional()
  @IsBoolean()
  rejectDuplicates?: boolean;
}
