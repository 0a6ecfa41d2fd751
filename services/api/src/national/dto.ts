import { PageAfterNumber, PageLimit } from '../errors/page-limit';
import { TownshipCode } from '../errors/query-filters';

/** The scope of an imported export: one township, or (left out) the whole county. */
export class ImportQueryDto {
  @TownshipCode(
    'The township the export covers: only its households are compared (left out: the county)',
  )
  townshipCode?: string;
}

/** A page of a reconciliation's differences. */
export class DifferencesQueryDto {
  @PageAfterNumber('The `next` of the previous page')
  after?: number;

  @PageLimit()
  limit?: number;
}
