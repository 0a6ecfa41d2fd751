import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import {
  Departments,
  MeasureKinds,
  type Actor,
  type Department,
  type MeasureListEntry,
  type MeasurePage,
} from '@fanpin/contracts';
import { PiiCipher } from '@fanpin/persistence';

import { accessDenied } from '../auth/auth.guard';
import { decodeCursor, encodeCursor } from '../case-files/history-cursor';
import { headDisplay } from '../households/household-display';
import type { MeasureQueryDto } from './dto';
import { readScope, scopeCondition } from './read-scope';

interface MeasureRow {
  run_id: string;
  case_id: string;
  measure_id: string;
  kind: string;
  measure_code: string;
  lead_department: string;
  due_on: string;
  due_at: Date;
  due_key: string;
  status: MeasureListEntry['status'];
  percent: number;
  village_code: string;
  township_code: string;
  head_name_sealed: string;
  head_resident_id_sealed: string;
}

/**
 * Measures in due order (`assistance_measures_department_idx`, or `_due_idx` for every
 * department). $1 department, $2 status, $3 overdue, $4 scope code, $5 township, $6–$8 cursor, $9 limit.
 */
const measuresSql = (scope: string) => `
  SELECT m.run_id, m.case_id, m.measure_id, m.kind, m.measure_code, m.lead_department,
         to_char(m.due_on, 'YYYY-MM-DD') AS due_on, m.due_at,
         to_char(m.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS due_key,
         m.status, m.percent, c.village_code, c.township_code,
         h.head_name_sealed, h.head_resident_id_sealed
  FROM assistance_measures m
  JOIN cases c ON c.run_id = m.run_id
  JOIN households h ON h.household_key = c.household_key
  WHERE ($1::text IS NULL OR m.lead_department = $1) AND m.status = $2
    AND ($3::boolean IS NOT TRUE OR m.due_at < now()) AND ${scope}
    AND ($5::text IS NULL OR c.township_code = $5)
    AND ($6::timestamptz IS NULL OR (m.due_at, m.run_id, m.measure_id) > ($6::timestamptz, $7::uuid, $8::text))
  ORDER BY m.due_at, m.run_id, m.measure_id
  LIMIT $9`;

@Injectable()
export class MeasuresService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: PiiCipher,
  ) {}

  async page(actor: Actor, q: MeasureQueryDto): Promise<MeasurePage> {
    const { department, scope } = this.whose(actor, q.department);
    const limit = q.limit ?? 100;
    const cursor =
      q.after === undefined ? null : decodeCursor(q.after, ['instant', 'uuid', 'code']);
    const rows = await this.dataSource.query<MeasureRow[]>(
      measuresSql(scopeCondition(scope, 'c', 4)),
      [
        department,
        q.status ?? 'open',
        q.overdue === 'true',
        scope?.code ?? null,
        q.townshipCode ?? null,
        cursor?.[0] ?? null,
        cursor?.[1] ?? null,
        cursor?.[2] ?? null,
        limit + 1,
      ],
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const now = new Date();
    return {
      measures: page.map((r) => ({
        caseId: r.case_id,
        measureId: r.measure_id,
        kind: MeasureKinds.find((k) => k === r.kind) ?? 'social',
        measureCode: r.measure_code,
        leadDepartment: Departments.find((d) => d === r.lead_department) ?? 'rural-revitalisation',
        dueOn: r.due_on,
        dueAt: r.due_at.toISOString(),
        status: r.status,
        percent: r.percent,
        overdue: r.status === 'open' && r.due_at < now,
        villageCode: r.village_code,
        townshipCode: r.township_code,
        ...headDisplay(this.cipher, actor, r),
      })),
      next:
        rows.length > limit && last
          ? encodeCursor([last.due_key, last.run_id, last.measure_id])
          : null,
    };
  }

  /** A department sees its own measures city-wide; staff those of their jurisdiction. */
  private whose(actor: Actor, asked: Department | undefined) {
    if (actor.role === 'lead-department') {
      const own = Departments.find((d) => d === actor.org);
      if (!own) throw accessDenied('your account names no department');
      return { department: own as string, scope: null };
    }
    return { department: asked ?? null, scope: readScope(actor) };
  }
}
