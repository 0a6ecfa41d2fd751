import { Injectable } from '@nestjs/common';
import type { Request } from 'express';

import { ErrorCodes, householdKeyOfCase, type Actor } from '@fanpin/contracts';
import { inJurisdiction } from '@fanpin/domain';
import { HouseholdsRepository, type HouseholdRow } from '@fanpin/persistence';

import { AuditKinds, AuditLog } from '../audit/audit-log';
import { ApiError } from '../errors/api-error';

export const caseNotFound = (): ApiError =>
  new ApiError(ErrorCodes.caseNotFound, 404, 'no such case');

/**
 * Scope checks on the household a request is about. Outside an account's jurisdiction a household or
 * case does not exist (404, not 403): ids reveal nothing. The refusal is audited all the same.
 */
@Injectable()
export class Jurisdiction {
  constructor(
    private readonly households: HouseholdsRepository,
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
    return this.check(actor, householdKeyOfCase(caseId), request, caseNotFound);
  }

  /** That the case's household lies in the actor's jurisdiction, for routes that need nothing else of it. */
  async caseInScope(actor: Actor, caseId: string, request: Request): Promise<void> {
    const householdKey = householdKeyOfCase(caseId);
    const villageCode = await this.households.villageOf(householdKey);
    await this.refuseOutside(actor, householdKey, villageCode, request, caseNotFound);
  }

  /**
   * The answer to a request about a household outside the actor's jurisdiction: the refusal is
   * audited, and the household (or case) does not exist for the caller.
   */
  async outOfScope(
    actor: Actor,
    householdKey: string,
    request: Request,
    notFound: () => ApiError = caseNotFound,
  ): Promise<ApiError> {
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
    return notFound();
  }

  private async check(
    actor: Actor,
    householdKey: string,
    request: Request,
    notFound: () => ApiError,
  ): Promise<HouseholdRow> {
    const row = await this.households.find(householdKey);
    await this.refuseOutside(actor, householdKey, row?.village_code ?? null, request, notFound);
    return row as HouseholdRow;
  }

  /** Not found when there is no such household or it lies outside the actor's jurisdiction (audited). */
  private async refuseOutside(
    actor: Actor,
    householdKey: string,
    villageCode: string | null,
    request: Request,
    notFound: () => ApiError,
  ): Promise<void> {
    if (villageCode === null) throw notFound();
    if (!inJurisdiction(actor, { householdKey, villageCode })) {
      throw await this.outOfScope(actor, householdKey, request, notFound);
    }
  }
}
