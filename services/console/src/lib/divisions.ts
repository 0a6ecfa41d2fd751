import { onMounted, ref, type Ref } from 'vue';

import type { DivisionList, DivisionView } from '@contracts/api/divisions';

import { get } from './api';

let loading: Promise<Map<string, DivisionView>> | undefined;

/** The county's townships and villages, read once per page load (they change by decree). */
export function divisions(): Promise<Map<string, DivisionView>> {
  loading ??= get<DivisionList>('/v1/divisions').then(
    (list) => new Map(list.divisions.map((d) => [d.code, d])),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

export function divisionName(all: Map<string, DivisionView> | undefined, code: string): string {
  return all?.get(code)?.name ?? code;
}

/**
 * The county's townships and villages for a page's rows and filters, read when the page is mounted
 * (a page shows codes until then, and without them if they cannot be read). `then`, the page's own
 * first read, runs once they are in: its rows show places by name from the first.
 */
export function usePlaces(
  then: () => Promise<unknown> = async () => {},
): Ref<Map<string, DivisionView> | undefined> {
  const places = ref<Map<string, DivisionView>>();
  onMounted(async () => {
    places.value = await divisions().catch(() => undefined);
    await then();
  });
  return places;
}
