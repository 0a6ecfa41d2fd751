import { PageAfter, PageLimit } from '../errors/page-limit';

/** Paging of a case file's history. */
export class HistoryQueryDto {
  @PageLimit()
  limit?: number;

  @PageAfter()
  after?: string;
}
