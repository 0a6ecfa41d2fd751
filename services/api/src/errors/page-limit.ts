import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** Largest page any list of the API returns. */
export const MAX_PAGE = 500;

/** A `limit` query parameter: optional, a whole number from 1 to MAX_PAGE (100 when left out). */
export function PageLimit(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 100 }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(MAX_PAGE),
  );
}

/** A `before` query parameter: the `next` of the previous page of a list newest first. */
export function PageBefore(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      type: 'integer',
      minimum: 1,
      description: 'The `next` of the previous page',
    }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
  );
}

/** An `after` query parameter of a list numbered in order: the `next` of the page before. */
export function PageAfterNumber(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: 'integer', minimum: 0, description }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(0),
  );
}

const CURSOR = /^[A-Za-z0-9_-]{1,300}$/;

/** The `after` of a keyset-paged list: the `next` of the previous page. */
export function PageAfter(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description: 'The `next` of the previous page',
      pattern: CURSOR.source,
    }),
    IsOptional(),
    Matches(CURSOR),
  );
}
