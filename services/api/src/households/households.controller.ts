import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';

import {
  ErrorCodes,
  HouseholdKeyPattern,
  HouseholdView,
  Permissions,
  ResidentIdView,
  caseWorkflowId,
  type Actor,
} from '@fanpin/contracts';
import { divisionsOfVillage, maskPhone, maskResidentId } from '@fanpin/domain';
import { PiiCipher, PiiFields } from '@fanpin/persistence';

import { AuditKinds, AuditLog } from '../audit/audit-log';
import { Jurisdiction, type HouseholdRow } from '../auth/jurisdiction';
import { CurrentActor, RequirePermission } from '../auth/permission.decorator';
import { ApiError } from '../errors/api-error';
import { Answers, Fails } from '../openapi/answers';

const NOT_FOUND = 'HOUSEHOLD.NOT_FOUND (also outside your jurisdiction)';

function checkKey(householdKey: string): void {
  if (!HouseholdKeyPattern.test(householdKey)) {
    throw new ApiError(ErrorCodes.inputInvalid, 400, 'householdKey is malformed', [
      {
        field: 'householdKey',
        rule: 'format',
        message: 'householdKey must be hh and 32 hex digits',
      },
    ]);
  }
}

@ApiTags('households')
@ApiParam({ name: 'householdKey', schema: { type: 'string', pattern: HouseholdKeyPattern.source } })
@Controller('v1/households')
export class HouseholdsController {
  constructor(
    private readonly jurisdiction: Jurisdiction,
    private readonly cipher: PiiCipher,
    private readonly audit: AuditLog,
  ) {}

  @Get(':householdKey')
  @RequirePermission(Permissions.householdsRead)
  @ApiOperation({ summary: 'A household in your jurisdiction, its head’s numbers masked' })
  @Answers(200, HouseholdView, 'The household')
  @Fails(404, NOT_FOUND)
  async read(
    @Param('householdKey') householdKey: string,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<HouseholdView> {
    checkKey(householdKey);
    const row = await this.jurisdiction.household(actor, householdKey, request);
    const phone = this.phone(row);
    return {
      householdKey,
      villageCode: row.village_code,
      townshipCode:
        divisionsOfVillage(row.village_code)?.townshipCode ?? row.village_code.slice(0, 9),
      caseId: caseWorkflowId(householdKey),
      head: {
        name: this.cipher.decrypt(row.head_name_sealed, PiiFields.headName),
        residentId: maskResidentId(this.residentId(row)),
        phone: phone === null ? null : maskPhone(phone),
      },
    };
  }

  @Get(':householdKey/resident-id')
  @RequirePermission(Permissions.householdsReadResidentId)
  @ApiOperation({
    summary:
      'The head’s full resident ID number and phone (village, township, city staff; audited)',
  })
  @Answers(200, ResidentIdView, 'In full; the read is in the audit log')
  @Fails(404, NOT_FOUND)
  async residentIdInFull(
    @Param('householdKey') householdKey: string,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<ResidentIdView> {
    checkKey(householdKey);
    const row = await this.jurisdiction.household(actor, householdKey, request);
    const view = { householdKey, residentId: this.residentId(row), phone: this.phone(row) };
    // Written before the answer leaves: no full read goes unrecorded.
    await this.audit.record(
      { kind: AuditKinds.residentIdRead, outcome: 'ok', actor, target: householdKey },
      request,
    );
    return view;
  }

  private residentId(row: HouseholdRow): string {
    return this.cipher.decrypt(row.head_resident_id_sealed, PiiFields.headResidentId);
  }

  private phone(row: HouseholdRow): string | null {
    return row.head_phone_sealed === null
      ? null
      : this.cipher.decrypt(row.head_phone_sealed, PiiFields.headPhone);
  }
}
