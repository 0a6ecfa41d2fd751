import { Get, Query } from '@nestjs/common';

import {
  ErrorCodes,
  HouseholdMoveForm,
  HouseholdMoved,
  HouseholdView,
  Permissions,
  ResidentIdView,
  caseWorkflowId,
} from '@fanpin/contracts';
import { divisionsOfVillage, inJurisdiction, maskPhone, maskResidentId } from '@fanpin/domain';
import {
  HouseholdMembersRepository,
  HouseholdsRepository,
  PiiCipher,
  PiiFields,
  Transactions,
  type HouseholdRow,
} from '@fanpin/persistence';

import { AuditKinds, AuditLog } from '../audit/audit-log';
import { Jurisdiction } from '../auth/jurisdiction';
import { Caller } from '../auth/permission.decorator';
import { CasesService } from '../cases/cases.service';
import { ApiError } from '../errors/api-error';
import { countyVillage } from '../errors/county-village';
import { Form } from '../forms/form.pipe';
import { Answers, Fails } from '../openapi/answers';
import { Household, pathHousehold } from './household-routes';
import { ResidentIdQueryDto } from './resident-id-query.dto';

@Household.Controller('households', 'v1/households')
export class HouseholdsController {
  constructor(
    private readonly jurisdiction: Jurisdiction,
    private readonly cipher: PiiCipher,
    private readonly audit: AuditLog,
    private readonly cases: CasesService,
    private readonly households: HouseholdsRepository,
    private readonly members: HouseholdMembersRepository,
    private readonly transactions: Transactions,
  ) {}

  @Household.Changes(':householdKey/move', Permissions.householdsMove, {
    summary:
      'A household moves to another village (迁移): its running case, open tasks and reports follow it (audited)',
  })
  @Answers(200, HouseholdMoved, 'Moved (or already there)')
  @Fails(403, 'ACCESS.DENIED: a township moves households within its township only')
  @Fails(422, 'DIVISION.UNKNOWN: villageCode is not a village of this county')
  @Fails(503, 'TEMPORAL.UNAVAILABLE: moved in the database, the case not yet told: send it again')
  async move(
    @Household.Param() householdKey: string,
    @Form(HouseholdMoveForm) dto: HouseholdMoveForm,
    @Caller() caller: Caller,
  ): Promise<HouseholdMoved> {
    const { actor, request } = caller;
    const row = await pathHousehold(this.jurisdiction, householdKey, caller);
    const to = countyVillage(dto.villageCode);
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

  @Household.Route(Get(':householdKey'), Permissions.householdsRead, {
    summary: 'A household in your jurisdiction, its head’s numbers masked',
  })
  @Answers(200, HouseholdView, 'The household')
  async read(
    @Household.Param() householdKey: string,
    @Caller() caller: Caller,
  ): Promise<HouseholdView> {
    const row = await pathHousehold(this.jurisdiction, householdKey, caller);
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
      memberCount: await this.members.count(householdKey),
    };
  }

  @Household.Route(Get(':householdKey/resident-id'), Permissions.householdsReadResidentId, {
    summary:
      'The head’s full resident ID number and phone (village, township, city staff; audited with the reason given)',
  })
  @Answers(200, ResidentIdView, 'In full; the read is in the audit log')
  async residentIdInFull(
    @Household.Param() householdKey: string,
    @Query() query: ResidentIdQueryDto,
    @Caller() caller: Caller,
  ): Promise<ResidentIdView> {
    const row = await pathHousehold(this.jurisdiction, householdKey, caller);
    const view = { householdKey, residentId: this.residentId(row), phone: this.phone(row) };
    // Written before the answer leaves: no full read goes unrecorded.
    await this.audit.record(
      {
        kind: AuditKinds.residentIdRead,
        outcome: 'ok',
        actor: caller.actor,
        target: householdKey,
        reason: query.reason,
      },
      caller.request,
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
