import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

const TOWNSHIP = /^\d{9}$/;
const VILLAGE = /^\d{12}$/;

/** An optional filter of a list by a township's code, `description` saying what it keeps. */
export function TownshipCode(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ pattern: TOWNSHIP.source, description }),
    IsOptional(),
    Matches(TOWNSHIP),
  );
}

/** An optional filter of a list by a village's code. */
export function VillageCode(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ pattern: VILLAGE.source, description }),
    IsOptional(),
    Matches(VILLAGE),
  );
}

/** An optional filter by one of `values`. */
export function OneOf(values: readonly string[], description?: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ enum: [...values], ...(description ? { description } : {}) }),
    IsOptional(),
    IsIn([...values]),
  );
}
