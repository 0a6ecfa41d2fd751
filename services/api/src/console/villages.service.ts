import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';

import {
  ErrorCodes,
  HouseholdClasses,
  type Actor,
  type VillageAnnouncement,
  type VillageNotice,
} from '@fanpin/contracts';
import { findDivision, inJurisdiction, parseDeadlineSpec } from '@fanpin/domain';
import { PiiCipher, PiiFields, RegistersRepository } from '@fanpin/persistence';
import { packagedCalendar } from '@fanpin/platform';

import { AuditKinds, AuditLog } from '../audit/audit-log';
import { keysetPage } from '../case-files/history-cursor';
import { UnreadableName, openSealed } from '../households/household-display';
import { ApiError } from '../errors/api-error';
import { API_CONFIG, type ApiConfig } from '../settings';

const villageNotFound = () => new ApiError(ErrorCodes.divisionUnknown, 404, 'no such village');

/**
 * What a village's notice board shows: the households in a public notice now (公示) and the city's
 * decisions to announce (公告). Names only: never an ID number, phone, illness or disability.
 */
/** A village's committee: 西大川村 → 西大川村民委员会, 森铁社区 → 森铁社区居民委员会. */
export function committeeOf(village: string): string {
  if (village.endsWith('社区')) return `${village}居民委员会`;
  return `${village.replace(/村$/, '')}村民委员会`;
}

@Injectable()
export class VillagesService {
  constructor(
    private readonly registers: RegistersRepository,
    private readonly cipher: PiiCipher,
    private readonly audit: AuditLog,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async notice(
    actor: Actor,
    villageCode: string,
    purpose: 'inclusion' | 'elimination',
    request: Request,
  ): Promise<VillageNotice> {
    const names = await this.village(actor, villageCode, request);
    const stage = purpose === 'inclusion' ? 'PUBLIC_NOTICE' : 'ELIMINATION_NOTICE';
    const rows = await this.registers.noticeOfVillage(villageCode, stage);
    return {
      villageCode,
      ...names,
      purpose,
      objectTo: `${committeeOf(names.village)}，或${names.township}人民政府`,
      households: rows.map((r) => ({
        caseId: r.case_id,
        headName: openSealed(this.cipher, r.head_name_sealed, PiiFields.headName) ?? UnreadableName,
        villageGroup: null,
        proposal: purpose,
        householdClass: HouseholdClasses.find((c) => c === r.household_class) ?? null,
        noticeStartsAt: r.stage_since.toISOString(),
        noticeEndsAt: this.noticeEnd(r.stage_since, r.notice_ends_at).toISOString(),
      })),
    };
  }

  async announcement(
    actor: Actor,
    villageCode: string,
    q: { after?: string; limit?: number },
    request: Request,
  ): Promise<VillageAnnouncement> {
    const names = await this.village(actor, villageCode, request);
    const { rows, next } = await keysetPage(
      q,
      ['instant', 'uuid'],
      (after, limit) => this.registers.decisionsOfVillage(villageCode, after, limit),
      (last) => [last.decided_key, last.run_id],
    );
    return {
      villageCode,
      ...names,
      decisions: rows.map((r) => ({
        caseId: r.case_id,
        headName: openSealed(this.cipher, r.head_name_sealed, PiiFields.headName) ?? UnreadableName,
        decision: r.status,
        householdClass: HouseholdClasses.find((c) => c === r.household_class) ?? null,
        decidedAt: r.decided_at.toISOString(),
      })),
      next,
    };
  }

  /**
   * When a notice that began at `since` ends: as an objection's review knows it when there was
   * one, else counted from its start with the current policy.
   */
  noticeEnd(since: Date, known: Date | null): Date {
    if (known) return known;
    const period = parseDeadlineSpec(this.config.POLICY_NOTICE_PERIOD);
    const spec = period && 'workingDays' in period ? { calendarDays: period.workingDays } : period;
    return spec ? packagedCalendar.deadline(since, spec).at : since;
  }

  /** The village's names; a village outside the caller's jurisdiction does not exist for it. */
  async village(actor: Actor, villageCode: string, request: Request) {
    const village = findDivision(villageCode);
    if (!village || village.level !== 'village') throw villageNotFound();
    if (!inJurisdiction(actor, { householdKey: '', villageCode })) {
      await this.audit.recordQuietly(
        {
          kind: AuditKinds.accessRefused,
          outcome: 'refused',
          actor,
          target: villageCode,
          reason: 'OUT_OF_SCOPE',
        },
        request,
      );
      throw villageNotFound();
    }
    return { village: village.name, township: findDivision(village.parent)?.name ?? '' };
  }
}
