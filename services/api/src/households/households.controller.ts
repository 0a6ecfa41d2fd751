import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';

import {
  ErrorCodes,
  HouseholdKeyPattern,
  HouseholdMoveForm,
  HouseholdMoved,
  HouseholdView,
  Permissions,
  ResidentIdView,
  caseWorkflowId,
  type Actor,
} from '@fanpin/contracts';
import { divisionsOfVillage, inJurisdiction, maskPhone, maskResidentId } from '@fanpin/domain';
import {
  HouseholdsRepository,
  PiiCipher,
  PiiFields,
  Transactions,
  type HouseholdRow,
} from '@fanpin/persistence';

import { AuditKinds, AuditLog } from '../audit/audit-log';
import { Jurisdiction } from '../auth/jurisdiction';
import { CurrentActor, RequirePermission } from '../auth/permission.decorator';
import { CasesService } from '../cases/cases.service';
import { ApiError } from '../errors/api-error';
import { FormPipe } from '../forms/form.pipe';
import { Answers, Fails, Takes } from '../openapi/answers';
import { ResidentIdQueryDto } from './resident-id-query.dto';

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
    private readonly cases: CasesService,
    private readonly households: HouseholdsRepository,
    private readonly transactions: Transactions,
  ) {}

  @Post(':householdKey/move')
  @HttpCode(200)
  @RequirePermission(Permissions.householdsMove)
  @ApiOperation({
    summary:
      'A household moves to another village (迁移): its running case, open tasks and reports follow it (audited)',
  })
  @Takes(HouseholdMoveForm)
  @Answers(200, HouseholdMoved, 'Moved (or already there)')
  @Fails(400, 'INPUT.INVALID: the form does not fit (every problem in details)')
  @Fails(403, 'ACCESS.DENIED: a township moves households within its township only')
  @Fails(404, NOT_FOUND)
  @Fails(422, 'DIVISION.UNKNOWN: villageCode is not a village of this county')
  @Fails(503, 'TEMPORAL.UNAVAILABLE: moved in the database, the case not yet told: send it again')
  async move(
    @Param('householdKey') householdKey: string,
    @Body(new FormPipe(HouseholdMoveForm)) dto: HouseholdMoveForm,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<HouseholdMoved> {
    checkKey(householdKey);
    const row = await this.jurisdiction.household(actor, householdKey, request);
    const to = divisionsOfVillage(dto.villageCode);
    if (!to) {
      throw new ApiError(
        ErrorCodes.divisionUnknown,
        422,
        'villageCode is not a village of this county',
      );
    }
    if (!inJurisdiction(actor, { householdKey, villageCode: to.villageCode })) {
      await this.audit.recordQuietly(
        {
          kind: AuditKinds.accessRefused,
          outcome: 'refused',
          actor,
          target: householdKey,
          reason: 'MOVE_OUT_OF_TOWNSHIP',
        },
        request,
      );
      throw new ApiError(
        ErrorCodes.accessDenied,
        403,
        'a township moves households within its township; the city bureau across the county',
      );
    }
    const caseId = caseWorkflowId(householdKey);
    // The household's village is the one source of truth: moved with the rows that follow it
    // (its running case and open tasks) and the audit entry, all or nothing. Closed runs keep the
    // village they ran in.
    await this.transactions.run(async (db) => {
      await this.households.move(householdKey, caseId, to, db);
      if (row.village_code !== to.villageCode) {
        const reason = `${row.village_code}>${to.villageCode} ${dto.reasonCode}`;
        const entry = {
          kind: AuditKinds.householdMoved,
          outcome: 'ok',
          actor,
          target: householdKey,
          reason,
        } as const;
        await this.audit.record(entry, request, db);
      }
    });
    const moved = await this.cases.moveCase(caseId, actor, to, dto.reasonCode);
    return {
      householdKey,
      fromVillageCode: row.village_code,
      villageCode: to.villageCode,
      caseId: moved ? caseId : null,
    };
  }

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
      'The head’s full resident ID number and phone (village, township, city staff; audited with the reason given)',
  })
  @Answers(200, ResidentIdView, 'In full; the read is in the audit log')
  @Fails(404, NOT_FOUND)
  async residentIdInFull(
    @Param('householdKey') householdKey: string,
    @Query() query: ResidentIdQueryDto,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<ResidentIdView> {
    checkKey(householdKey);
    const row = await this.jurisdiction.household(actor, householdKey, request);
    const view = { householdKey, residentId: this.residentId(row), phone: this.phone(row) };
    // Written before the answer leaves: no full read goes unrecorded.
    await this.audit.record(
      {
        kind: AuditKinds.residentIdRead,
        outcome: 'ok',
        actor,
        target: householdKey,
        reason: query.reason,
      },
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
