import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

import { PageLimit } from '../errors/page-limit';

/** The `after` of a keyset-paged list: the `next` of the previous page. */
export function PageAfter(): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({
      description: 'The `next` of the previous page',
      pattern: '^[A-Za-z0-9_-]{1,300}$',
    })(target, key);
    IsOptional()(target, key);
    Matches(/^[A-Za-z0-9_-]{1,300}$/)(target, key);
  };
}

/** Paging of a case file's history. */
export class HistoryQueryDto {
  @PageLimit()
  limit?: number;

  @PageAfter()
  after?: string;
}
