import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

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
