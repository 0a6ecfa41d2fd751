import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';

import {
  ErrorCodes,
  HouseholdKeyPattern,
  Permissions,
  caseWorkflowId,
  type Actor,
} from '@fanpin/contracts';
import { divisionsOfVillage, maskPhone, maskResidentId } from '@fanpin/domain';
import { PiiCipher, PiiFields } from '@fanpin/persistence';

import { AuditKinds, AuditLog } from '../audit/audit-log';
import { Jurisdiction, type HouseholdRow } from '../auth/jurisdiction';
import { CurrentActor, RequirePermission } from '../auth/permission.decorator';
import { ApiError } from '../errors/api-error';

export class HouseholdHeadView {
  @ApiProperty() name!: string;
  @ApiProperty({
    description: 'Masked: first 6 and last 4 characters',
    example: '220681********123X',
  })
  residentId!: string;
  @ApiProperty({ nullable: true, type: String, example: '138****8000' }) phone!: string | null;
}

export class HouseholdView {
  @ApiProperty() householdKey!: string;
  @ApiProperty() villageCode!: string;
  @ApiProperty() townshipCode!: string;
  @ApiProperty({ description: 'The workflow id of its case' }) caseId!: string;
  @ApiProperty({ type: HouseholdHeadView }) head!: HouseholdHeadView;
}

export class ResidentIdView {
  @ApiProperty() householdKey!: string;
  @ApiProperty({ description: 'In full: this read is written to the audit log' })
  residentId!: string;
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
}

function checkKey(householdKey: string): void {
  if (!HouseholdKeyPattern.test(householdKey)) {
    throw new ApiError(ErrorCodes.inputInvalid, 400, 'householdKey is malformed');
  }
}

@ApiTags('households')
@ApiBearerAuth()
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
  @ApiResponse({ status: 200, type: HouseholdView })
  @ApiResponse({ status: 404, description: 'HOUSEHOLD.NOT_FOUND (also outside your jurisdiction)' })
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
  @ApiResponse({ status: 200, type: ResidentIdView })
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
