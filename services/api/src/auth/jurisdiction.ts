import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DataSource } from 'typeorm';

import { ErrorCodes, householdKeyOfCase, type Actor } from '@fanpin/contracts';
import { inJurisdiction } from '@fanpin/domain';

import { AuditKinds, AuditLog } from '../audit/audit-log';
import { ApiError } from '../errors/api-error';

export interface HouseholdRow {
  household_key: string;
  village_code: string;
  head_name_sealed: string;
  head_resident_id_sealed: string;
  head_phone_sealed: string | null;
}

/**
 * Scope checks on the household a request is about. Outside an account's jurisdiction a household or
 * case does not exist (404, not 403): ids reveal nothing. The refusal is audited all the same.
 */
@Injectable()
export class Jurisdiction {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  household(actor: Actor, householdKey: string, request: Request): Promise<HouseholdRow> {
    return this.check(
      actor,
      householdKey,
      request,
      () => new ApiError(ErrorCodes.householdNotFound, 404, 'no such household'),
    );
  }

  /** The household of a case (its workflow id is `case-<household key>`). */
  caseHousehold(actor: Actor, caseId: string, request: Request): Promise<HouseholdRow> {
    return this.check(
      actor,
      householdKeyOfCase(caseId),
      request,
      () => new ApiError(ErrorCodes.caseNotFound, 404, 'no such case'),
    );
  }

  private async check(
    actor: Actor,
    householdKey: string,
    request: Request,
    notFound: () => ApiError,
  ): Promise<HouseholdRow> {
    const [row] = await this.dataSource.query<HouseholdRow[]>(
      `SELECT household_key, village_code, head_name_sealed, head_resident_id_sealed, head_phone_sealed
       FROM households WHERE household_key = $1`,
      [householdKey],
    );
    if (!row) throw notFound();
    if (!inJurisdiction(actor, { householdKey, villageCode: row.village_code })) {
      await this.audit.recordQuietly(
        {
          kind: AuditKinds.accessRefused,
          outcome: 'refused',
          actor,
          target: householdKey,
          reason: 'OUT_OF_SCOPE',
        },
        request,
      );
      throw notFound();
    }
    return row;
  }
}
