import { Get, Param, Req } from '@nestjs/common';
import { ApiOperation, ApiParam } from '@nestjs/swagger';
import type { Request } from 'express';

import { HouseholdClasses, Permissions, PublicNotice, type Actor } from '@fanpin/contracts';
import { findDivision } from '@fanpin/domain';
import { CasesRepository, PiiCipher, PiiFields } from '@fanpin/persistence';

import { Jurisdiction } from '../auth/jurisdiction';
import { CurrentActor, RequirePermission } from '../auth/permission.decorator';
import { Answers, Fails } from '../openapi/answers';
import { ApiController } from '../routes/api-controller';
import { CASE_ID, CaseIdPipe } from './case-id.pipe';

/**
 * What a public notice (公示) of a case shows on the village notice board: the head of household's
 * name, the village and the grounds. Never an ID number or a phone, not even masked.
 */
@ApiController('cases', 'v1/cases')
export class PublicNoticeController {
  constructor(
    private readonly jurisdiction: Jurisdiction,
    private readonly cases: CasesRepository,
    private readonly cipher: PiiCipher,
  ) {}

  @Get(':caseId/public-notice')
  @RequirePermission(Permissions.casesNotice)
  @ApiOperation({ summary: 'The text of the case’s public notice (公示): no ID number, no phone' })
  @ApiParam({ name: 'caseId', schema: { type: 'string', pattern: CASE_ID.source } })
  @Answers(200, PublicNotice, 'The notice’s text')
  @Fails(404, 'CASE.NOT_FOUND: no such case, or outside your jurisdiction')
  async notice(
    @Param('caseId', CaseIdPipe) caseId: string,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<PublicNotice> {
    const household = await this.jurisdiction.caseHousehold(actor, caseId, request);
    const facts = await this.cases.noticeFacts(household.household_key, caseId);
    const village = findDivision(household.village_code);
    return {
      caseId,
      village: village?.name ?? household.village_code,
      township: (village && findDivision(village.parent)?.name) ?? '',
      headName: this.cipher.decrypt(household.head_name_sealed, PiiFields.headName),
      triggers: facts?.triggers ?? [],
      householdClass: HouseholdClasses.find((c) => c === facts?.household_class) ?? null,
    };
  }
}
