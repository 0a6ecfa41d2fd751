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
