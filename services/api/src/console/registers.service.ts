import { Inject, Injectable } from '@nestjs/common';

import {
  HouseholdClasses,
  type Actor,
  type RegisterEntry,
  type RegisterPage,
} from '@fanpin/contracts';
import { parseDeadlineSpec } from '@fanpin/domain';
import { PiiCipher, RegistersRepository, type RegisterRow } from '@fanpin/persistence';
import { packagedCalendar, writeXlsx } from '@fanpin/platform';

import { keysetPage } from '../case-files/history-cursor';
import { headDisplay } from '../households/household-display';
import { API_CONFIG, type ApiConfig } from '../settings';
import type { RegisterFilterDto, RegisterQueryDto } from './dto';
import { readScope } from './read-scope';
import { registerSheet } from './register-file';

@Injectable()
export class RegistersService {
  constructor(
    private readonly registers: RegistersRepository,
    private readonly cipher: PiiCipher,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async page(actor: Actor, q: RegisterQueryDto): Promise<RegisterPage> {
    const { rows, next } = await keysetPage(
      q,
      ['village', 'uuid'],
      (after, limit) => this.rows(actor, q, after as [string, string] | null, limit),
      (last) => [last.village_code, last.run_id],
    );
    return { households: rows.map((r) => this.entry(actor, r)), next };
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
    return this.registers.register({
      scope: readScope(actor),
      townshipCode: q.townshipCode ?? null,
      villageCode: q.villageCode ?? null,
      householdClass: q.householdClass ?? null,
      riskType: q.riskType ?? null,
      stage: q.stage ?? null,
      after: cursor,
      limit,
    });
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
