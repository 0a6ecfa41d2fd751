import { PageBefore, PageLimit } from '../../errors/page-limit';

/** Paging of a bureau's own alerts, newest first. */
export class AlertListQueryDto {
  @PageBefore()
  before?: number;

  @PageLimit()
  limit?: number;
}
