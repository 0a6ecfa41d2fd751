import type { Request } from 'express';

import {
  AlertReceipt,
  DeclarationForm,
  ErrorCodes,
  Permissions,
  ScreeningAnswer,
  ScreeningForm,
  type Actor,
  type DivisionCodes,
} from '@fanpin/contracts';
import { inJurisdiction, screen, toFen } from '@fanpin/domain';
import { HouseholdFiguresRepository, ScreeningsRepository } from '@fanpin/persistence';

import { AlertsService } from '../alerts/alerts.service';
import { ReportsHousehold } from '../alerts/signal-route';
import { AuditKinds, AuditLog } from '../audit/audit-log';
import { Caller } from '../auth/permission.decorator';
import { ApiError } from '../errors/api-error';
import { countyVillage } from '../errors/county-village';
import { Form } from '../forms/form.pipe';
import { Answers, Fails } from '../openapi/answers';
import { HouseholdFinder } from '../households/household-finder';
import { PolicyService } from '../policy/policy.service';
import { ApiController } from '../routes/api-controller';

@ApiController('ways in', 'v1')
export class DeclarationsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly screenings: ScreeningsRepository,
    private readonly figures: HouseholdFiguresRepository,
    private readonly policy: PolicyService,
    private readonly audit: AuditLog,
    private readonly finder: HouseholdFinder,
  ) {}

  @ReportsHousehold(
    'declarations',
    Permissions.declarationsSubmit,
    'A household declares itself at risk (自主申报): by the app, or recorded by staff from the 12317 hotline or a written form',
    'declarationId',
  )
  @Answers(202, AlertReceipt, 'Stored and handed to the household case (or received before)')
  @Fails(403, 'ACCESS.DENIED: not your household, village or channel')
  async declare(
    @Form(DeclarationForm) dto: DeclarationForm,
    @Caller() caller: Caller,
  ): Promise<AlertReceipt> {
    const { actor, request } = caller;
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
    await this.inScope(dto, caller);
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

  @ReportsHousehold(
    'screenings',
    Permissions.screeningsSubmit,
    "A village cadre's screening (干部排查): the figures are checked against the screening rules, which only suggest; the cadre's decision to report opens or joins the case",
    'screeningId',
  )
  @Answers(
    202,
    ScreeningAnswer,
    'Recorded; with the rules’ suggestion and, when reported, the case',
  )
  @Fails(403, 'ACCESS.DENIED: the household is outside your village')
  async screening(
    @Form(ScreeningForm) dto: ScreeningForm,
    @Caller() caller: Caller,
  ): Promise<ScreeningAnswer> {
    const { householdKey, divisions } = await this.inScope(dto, caller);
    const figures = { ...dto.figures, source: 'cadre-screening' as const };
    // The figures are judged against the line of the year they are for (stated, or in force today).
    const figuresYear = await this.policy.figuresYearOf(dto.figures.figuresYear, new Date());
    const result = screen(figures, await this.policy.screeningPolicyFor(figuresYear));
    // Every screening is recorded, the ones that found no risk too: the village's coverage.
    const stored = await this.screenings.record({
      screeningId: dto.screeningId,
      householdKey,
      ...divisions,
      decision: dto.decision,
      suggestedReport: result.suggestion === 'nominate-for-verification',
      recordedBy: caller.actor.id,
    });
    if (stored.household_key !== householdKey || stored.decision !== dto.decision) {
      throw new ApiError(
        ErrorCodes.alertConflict,
        409,
        'the screeningId was received before with other content',
      );
    }
    // The household's latest figures, for what-if runs (a household the system knows only).
    const keep = () =>
      this.figures.record({
        householdKey,
        figuresYear,
        incomePerCapitaFen: toFen(dto.figures.incomePerCapita),
        source: 'cadre-screening',
        sourceRef: dto.screeningId,
      });
    if (dto.decision === 'no-risk') {
      await keep();
      return { screening: result, receipt: null };
    }
    const receipt = await this.alerts.receiveSignal({
      source: 'cadre-screening',
      alertId: dto.screeningId,
      villageCode: dto.villageCode,
      head: dto.head,
      triggers: result.suggestedTriggers,
      channel: 'cadre-screening',
      detail: { recordedBy: caller.actor.id, figures: dto.figures, screening: result },
    });
    await keep();
    return { screening: result, receipt };
  }

  /**
   * The form's household must lie in the caller's jurisdiction (its own, for a household): the
   * household the named person belongs to, head or member.
   */
  private async inScope(
    { head, villageCode }: { head: { residentId: string }; villageCode: string },
    { actor, request }: Caller,
  ): Promise<{ householdKey: string; divisions: DivisionCodes }> {
    const { householdKey } = await this.finder.find(head.residentId);
    const divisions = countyVillage(villageCode);
    if (!inJurisdiction(actor, { householdKey, villageCode })) {
      await this.refuse(actor, request, 'OUT_OF_JURISDICTION');
      throw new ApiError(
        ErrorCodes.accessDenied,
        403,
        'this household is outside your jurisdiction',
      );
    }
    return { householdKey, divisions };
  }

  private async refuse(actor: Actor, request: Request, reason: string): Promise<void> {
    await this.audit.recordQuietly(
      { kind: AuditKinds.accessRefused, outcome: 'refused', actor, reason },
      request,
    );
  }
}
