import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import {
  HouseholdClasses,
  type Actor,
  type CaseStage,
  type RegisterEntry,
  type RegisterPage,
} from '@fanpin/contracts';
import { parseDeadlineSpec } from '@fanpin/domain';
import { PiiCipher } from '@fanpin/persistence';
import { packagedCalendar, writeXlsx } from '@fanpin/platform';

import { decodeCursor, encodeCursor } from '../case-files/history-cursor';
import { headDisplay } from '../households/household-display';
import { API_CONFIG, type ApiConfig } from '../settings';
import type { RegisterFilterDto, RegisterQueryDto } from './dto';
import { readScope, scopeCondition } from './read-scope';
import { registerSheet } from './register-file';

interface RegisterRow {
  run_id: string;
  case_id: string;
  household_key: string;
  village_code: string;
  township_code: string;
  status: RegisterEntry['status'];
  household_class: string | null;
  risk_types: string[];
  stage: CaseStage | null;
  decided_at: Date | null;
  head_name_sealed: string;
  head_resident_id_sealed: string;
  open_visit_due: Date | null;
  last_visit_at: Date | null;
}

/**
 * The register (监测对象台账): households the city included, in the caller's jurisdiction, by village
 * then case (`cases_register_idx`). $1 scope code, $2 township, $3 village, $4 class, $5 risk type,
 * $6 stage, $7–$8 cursor, $9 limit.
 */
const registerSql = (scope: string) => `
  SELECT c.run_id, c.case_id, c.household_key, c.village_code, c.township_code, c.status,
         c.household_class, c.risk_types, c.stage, c.decided_at,
         h.head_name_sealed, h.head_resident_id_sealed,
         (SELECT t.due_at FROM tasks t WHERE t.run_id = c.run_id AND t.kind = 'follow-up-visit'
            AND t.status = 'open' LIMIT 1) AS open_visit_due,
         (SELECT max(e.recorded_at) FROM case_events e WHERE e.run_id = c.run_id
            AND e.kind IN ('follow-up-visit', 'assistance-plan')) AS last_visit_at
  FROM cases c JOIN households h ON h.household_key = c.household_key
  WHERE c.status IN ('included', 'risk-eliminated') AND ${scope}
    AND ($2::text IS NULL OR c.township_code = $2) AND ($3::text IS NULL OR c.village_code = $3)
    AND ($4::text IS NULL OR c.household_class = $4) AND ($5::text IS NULL OR $5 = ANY (c.risk_types))
    AND ($6::text IS NULL OR c.stage = $6)
    AND ($7::text IS NULL OR (c.village_code, c.run_id) > ($7::char(12), $8::uuid))
  ORDER BY c.village_code, c.run_id
  LIMIT $9`;

@Injectable()
export class RegistersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: PiiCipher,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async page(actor: Actor, q: RegisterQueryDto): Promise<RegisterPage> {
    const limit = q.limit ?? 100;
    const cursor = q.after === undefined ? null : decodeCursor(q.after, ['village', 'uuid']);
    const rows = await this.rows(actor, q, cursor as [string, string] | null, limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      households: page.map((r) => this.entry(actor, r)),
      next: rows.length > limit && last ? encodeCursor([last.village_code, last.run_id]) : null,
    };
  }

  /** The whole register as a workbook (at most 50,000 households). */
  async workbook(actor: Actor, q: RegisterFilterDto): Promise<Buffer> {
    const rows = await this.rows(actor, q, null, 50_000);
    const entries = rows.map((r) => this.entry(actor, r));
    return writeXlsx({ sheets: [registerSheet(entries)], created: new Date() });
  }

  private rows(
    actor: Actor,
    q: RegisterFilterDto,
    cursor: [string, string] | null,
    limit: number,
  ): Promise<RegisterRow[]> {
    const scope = readScope(actor);
    return this.dataSource.query<RegisterRow[]>(registerSql(scopeCondition(scope, 'c', 1)), [
      scope?.code ?? null,
      q.townshipCode ?? null,
      q.villageCode ?? null,
      q.householdClass ?? null,
      q.riskType ?? null,
      q.stage ?? null,
      cursor?.[0] ?? null,
      cursor?.[1] ?? null,
      limit,
    ]);
  }

  private entry(actor: Actor, r: RegisterRow): RegisterEntry {
    return {
      caseId: r.case_id,
      householdKey: r.household_key,
      ...headDisplay(this.cipher, actor, r),
      villageCode: r.village_code,
      townshipCode: r.township_code,
      status: r.status,
      householdClass: HouseholdClasses.find((c) => c === r.household_class) ?? null,
      riskTypes: r.risk_types,
      stage: r.stage,
      includedAt: r.decided_at?.toISOString() ?? null,
      nextVisitAt: this.nextVisit(r)?.toISOString() ?? null,
    };
  }

  /** An open visit's due date; else the last visit (or plan) and the policy's interval. */
  private nextVisit(r: RegisterRow): Date | null {
    if (r.status !== 'included') return null;
    if (r.open_visit_due) return r.open_visit_due;
    const spec = parseDeadlineSpec(this.config.POLICY_FOLLOW_UP_INTERVAL);
    if (!r.last_visit_at || !spec) return null;
    return packagedCalendar.deadline(r.last_visit_at, spec).at;
  }
}
