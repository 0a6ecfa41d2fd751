import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';

import {
  DeclarationForm,
  ErrorCodes,
  Permissions,
  ScreeningForm,
  type Actor,
} from '@fanpin/contracts';
import {
  DefaultScreeningPolicy,
  divisionsOfVillage,
  inJurisdiction,
  screen,
  type ScreeningResult,
} from '@fanpin/domain';

import type { AlertReceiptDto } from '../alerts/dto/receive-alert.dto';
import { AlertsService } from '../alerts/alerts.service';
import { AuditKinds, AuditLog } from '../audit/audit-log';
import { CurrentActor, RequirePermission } from '../auth/permission.decorator';
import { ApiError } from '../errors/api-error';
import { FormPipe } from '../forms/form.pipe';
import { householdKeyOf } from '../households/household-key';
import { API_CONFIG, type ApiConfig } from '../settings';

@ApiTags('ways in')
@ApiBearerAuth()
@Controller('v1')
export class DeclarationsController {
  constructor(
    private readonly alerts: AlertsService,
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
  @ApiBody({ schema: { $ref: '#/components/schemas/DeclarationForm' } })
  @ApiResponse({ status: 202, description: 'Stored and handed to the household case' })
  @ApiResponse({
    status: 403,
    description: 'ACCESS.DENIED: not your household, village or channel',
  })
  async declare(
    @Body(new FormPipe(DeclarationForm)) dto: DeclarationForm,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<AlertReceiptDto> {
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
  @ApiBody({ schema: { $ref: '#/components/schemas/ScreeningForm' } })
  @ApiResponse({
    status: 202,
    description: 'Recorded; with the rules’ suggestion and, when reported, the case',
  })
  async screening(
    @Body(new FormPipe(ScreeningForm)) dto: ScreeningForm,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<{ screening: ScreeningResult; receipt: AlertReceiptDto | null }> {
    const householdKey = householdKeyOf(this.config.HOUSEHOLD_KEY_SECRET, dto.head.residentId);
    await this.inScope(actor, householdKey, dto.villageCode, request);
    const figures = { ...dto.figures, source: 'cadre-screening' as const };
    const result = screen(figures, DefaultScreeningPolicy);
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
