import { shallowReactive } from 'vue';

import { get, type RequestOptions } from './api';
import { errorText } from './i18n';

/** One page of a list as the API answers: its rows, and the cursor of the next (null on the last). */
export interface Page<Row, Cursor> {
  rows: Row[];
  next: Cursor | null;
}

/** A server-paged list as a page shows it, with the pager's moves. */
export interface PagedList<Row> {
  readonly rows: Row[];
  readonly loading: boolean;
  /** Why the page could not be read, in words; empty when it was. */
  readonly error: string;
  /** Which page is shown, from 0. */
  readonly page: number;
  readonly hasNext: boolean;
  /** Reads the page shown again (the filters may have changed under it). */
  load(): Promise<void>;
  /** Back to the first page: for new filters, or a refresh. */
  restart(): void;
  forward(): void;
  back(): void;
}

/**
 * A list the API pages by cursor: the first page is asked without one, each later page with the
 * cursor the page before it gave. The API cannot go back, so the cursors seen are kept, one a page.
 * Only the answer to the latest request is shown: a slow page cannot overwrite newer filters' rows.
 */
export function usePagedList<Row, Cursor extends string | number>(
  fetchPage: (cursor: Cursor | undefined) => Promise<Page<Row, Cursor>>,
): PagedList<Row> {
  const cursors: (Cursor | undefined)[] = [undefined];
  let next: Cursor | null = null;
  let latest = 0;
  const list = shallowReactive({
    rows: [] as Row[],
    loading: false,
    error: '',
    page: 0,
    hasNext: false,
    load,
    restart,
    forward,
    back,
  });

  async function load(): Promise<void> {
    const asked = ++latest;
    list.loading = true;
    list.error = '';
    let answer: Page<Row, Cursor> = { rows: [], next: null };
    try {
      answer = await fetchPage(cursors[list.page]);
    } catch (e) {
      if (asked === latest) list.error = errorText(e);
    }
    if (asked !== latest) return;
    list.rows = answer.rows;
    next = answer.next;
    list.hasNext = next !== null;
    list.loading = false;
  }

  function restart(): void {
    cursors.splice(1);
    list.page = 0;
    void load();
  }

  function forward(): void {
    // While a page loads, `next` is still the cursor of the page before it.
    if (next === null || list.loading) return;
    cursors[list.page + 1] = next;
    list.page += 1;
    void load();
  }

  function back(): void {
    if (list.page === 0) return;
    list.page -= 1;
    void load();
  }

  return list;
}

/**
 * A list the API pages by `after`, asked with the page's filters as they are at each request:
 * `rowsOf` takes the rows out of an answer (and whatever else the page shows from it).
 */
export function useFilteredList<Answer extends { next: string | null }, Row>(
  path: string,
  filters: NonNullable<RequestOptions['query']>,
  rowsOf: (answer: Answer) => Row[],
): PagedList<Row> {
  return usePagedList(async (after: string | undefined) => {
    const answer = await get<Answer>(path, { ...filters, after, limit: 20 });
    return { rows: rowsOf(answer), next: answer.next };
  });
}
