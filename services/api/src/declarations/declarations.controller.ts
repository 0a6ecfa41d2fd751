import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';

import {
  AlertReceipt,
  DeclarationForm,
  ErrorCodes,
  Permissions,
  ScreeningAnswer,
  ScreeningForm,
  type Actor,
} from '@fanpin/contracts';
import { DefaultScreeningPolicy, divisionsOfVillage, inJurisdiction, screen } from '@fanpin/domain';
import { ScreeningsRepository } from '@fanpin/persistence';

import { AlertsService } from '../alerts/alerts.service';
import { AuditKinds, AuditLog } from '../audit/audit-log';
import { CurrentActor, RequirePermission } from '../auth/permission.decorator';
import { ApiError } from '../errors/api-error';
import { FormPipe } from '../forms/form.pipe';
import { Answers, Fails, Takes } from '../openapi/answers';
import { householdKeyOf } from '../households/household-key';
import { API_CONFIG, type ApiConfig } from '../settings';

const UNCHECKED =
  'DIVISION.UNKNOWN, RESIDENT_ID.INVALID, PHONE.INVALID: a village outside the county, a resident ID failing GB 11643-1999, a phone that is not a mainland number';

@ApiTags('ways in')
@Controller('v1')
export class DeclarationsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly screenings: ScreeningsRepository,
    private readonly audit: AuditLog,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Post('declarations')
  @HttpCode(202)
  @RequirePermission(Permissions.declarationsSubmit)
  @ApiOperation({
    summary:
      'A household declares itself at risk (自主申报): by the app, or recorded by staff from the 12317 hotline or a written form',
  })
  @Takes(DeclarationForm)
  @Answers(202, AlertReceipt, 'Stored and handed to the household case (or received before)')
  @Fails(400, 'INPUT.INVALID: the form does not fit (every problem in details)')
  @Fails(403, 'ACCESS.DENIED: not your household, village or channel')
  @Fails(409, 'ALERT.CONFLICT: the declarationId was received before with other content')
  @Fails(422, UNCHECKED)
  async declare(
    @Body(new FormPipe(DeclarationForm)) dto: DeclarationForm,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<AlertReceipt> {
    const householdKey = householdKeyOf(this.config.HOUSEHOLD_KEY_SECRET, dto.head.residentId);
    // The app is the household's own channel; staff record what reached them by phone or on paper.
    const own = actor.role === 'household';
    if (own !== (dto.channel === 'app')) {
      await this.refuse(actor, request, 'DECLARATION_CHANNEL');
      throw new ApiError(
        ErrorCodes.accessDenied,
        403,
        own
          ? 'a household declares through the app'
          : 'staff record hotline and written declarations',
      );
    }
    await this.inScope(actor, householdKey, dto.villageCode, request);
    return this.alerts.receiveSignal({
      source: 'self-declaration',
      alertId: dto.declarationId,
      villageCode: dto.villageCode,
      head: dto.head,
      triggers: [...(dto.triggers ?? [])].sort((a, b) => a - b),
      channel: 'self-declaration',
      detail: { declarationChannel: dto.channel, recordedBy: actor.id },
    });
  }

  @Post('screenings')
  @HttpCode(202)
  @RequirePermission(Permissions.screeningsSubmit)
  @ApiOperation({
    summary:
      "A village cadre's screening (干部排查): the figures are checked against the screening rules, which only suggest; the cadre's decision to report opens or joins the case",
  })
  @Takes(ScreeningForm)
  @Answers(
    202,
    ScreeningAnswer,
    'Recorded; with the rules’ suggestion and, when reported, the case',
  )
  @Fails(400, 'INPUT.INVALID: the form does not fit (every problem in details)')
  @Fails(403, 'ACCESS.DENIED: the household is outside your village')
  @Fails(409, 'ALERT.CONFLICT: the screeningId was received before with other content')
  @Fails(422, UNCHECKED)
  async screening(
    @Body(new FormPipe(ScreeningForm)) dto: ScreeningForm,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<ScreeningAnswer> {
    const householdKey = householdKeyOf(this.config.HOUSEHOLD_KEY_SECRET, dto.head.residentId);
    await this.inScope(actor, householdKey, dto.villageCode, request);
    const figures = { ...dto.figures, source: 'cadre-screening' as const };
    const result = screen(figures, DefaultScreeningPolicy);
    // Every screening is recorded, the ones that found no risk too: the village's coverage.
    const divisions = divisionsOfVillage(dto.villageCode);
    if (!divisions) throw new ApiError(ErrorCodes.divisionUnknown, 400, 'unknown village');
    const stored = await this.screenings.record({
      screeningId: dto.screeningId,
      householdKey,
      ...divisions,
      decision: dto.decision,
      suggestedReport: result.suggestion === 'nominate-for-verification',
      recordedBy: actor.id,
    });
    if (stored.household_key !== householdKey || stored.decision !== dto.decision) {
      throw new ApiError(
        ErrorCodes.alertConflict,
        409,
        'the screeningId was received before with other content',
      );
    }
    if (dto.decision === 'no-risk') return { screening: result, receipt: null };
    const receipt = await this.alerts.receiveSignal({
      source: 'cadre-screening',
      alertId: dto.screeningId,
      villageCode: dto.villageCode,
      head: dto.head,
      triggers: result.suggestedTriggers,
      channel: 'cadre-screening',
      detail: { recordedBy: actor.id, figures: dto.figures, screening: result },
    });
    return { screening: result, receipt };
  }

  /** The household must lie in the caller's jurisdiction (its own household, for a household). */
  private async inScope(
    actor: Actor,
    householdKey: string,
    villageCode: string,
    request: Request,
  ): Promise<void> {
    if (!divisionsOfVillage(villageCode)) {
      throw new ApiError(
        ErrorCodes.divisionUnknown,
        422,
        'villageCode is not a village of this county',
      );
    }
    if (!inJurisdiction(actor, { householdKey, villageCode })) {
      await this.refuse(actor, request, 'OUT_OF_JURISDICTION');
      throw new ApiError(
        ErrorCodes.accessDenied,
        403,
        'this household is outside your jurisdiction',
      );
    }
  }

  private async refuse(actor: Actor, request: Request, reason: string): Promise<void> {
    await this.audit.recordQuietly(
      { kind: AuditKinds.accessRefused, outcome: 'refused', actor, reason },
      request,
    );
  }
}
