import { Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';

import {
  ErrorCodes,
  type Actor,
  type TriageDecisionForm,
  type TriageDecisionView,
  type TriageGroups,
  type TriageItemPage,
  type TriageStatus,
} from '@fanpin/contracts';
import {
  PiiCipher,
  TriageRepository,
  type TriageFilter,
  type TriageItemRow,
} from '@fanpin/persistence';

import { AlertOutbox } from '../alerts/alert-outbox';
import { AuditKinds, AuditLog } from '../audit/audit-log';
import { BatchesService } from '../batches/batches.service';
import { readScope } from '../console/read-scope';
import { ApiError, invalidField } from '../errors/api-error';
import { headDisplay } from '../households/household-display';

type Query = { townshipCode?: string; villageCode?: string; bureau?: string };

const filterOf = (q: Query): TriageFilter => ({
  townshipCode: q.townshipCode ?? null,
  villageCode: q.villageCode ?? null,
  bureau: q.bureau ?? null,
});

/**
 * The city bureau's triage of sector-bureau alerts (plan §4.2.3): the queue by township and
 * village, its items (a household each, every bureau's alerts merged), and decisions on named
 * items or on all a filter selects, set-based in PostgreSQL. Confirmed alerts reach their cases
 * afterwards: single ones through the outbox, batch records through runs of their batch workflow.
 */
@Injectable()
export class TriageService {
  private readonly logger = new Logger('triage');

  constructor(
    private readonly triage: TriageRepository,
    private readonly batches: BatchesService,
    private readonly outbox: AlertOutbox,
    private readonly audit: AuditLog,
    private readonly cipher: PiiCipher,
  ) {}

  async groups(actor: Actor, q: Query): Promise<TriageGroups> {
    const rows = await this.triage.groups(readScope(actor), filterOf(q));
    return {
      groups: rows.map((r) => ({
        townshipCode: r.township_code,
        villageCode: r.village_code,
        items: r.items,
        alerts: r.alerts,
      })),
      items: rows.reduce((n, r) => n + r.items, 0),
      alerts: rows.reduce((n, r) => n + r.alerts, 0),
    };
  }

  async items(
    actor: Actor,
    q: Query & { status?: TriageStatus; after?: number; limit?: number },
  ): Promise<TriageItemPage> {
    const limit = q.limit ?? 100;
    const rows = await this.triage.items(
      readScope(actor),
      filterOf(q),
      q.status ?? 'pending',
      q.after ?? 0,
      limit,
    );
    return {
      items: rows.map((r) => this.view(actor, r)),
      next: rows.length === limit ? (rows.at(-1)?.id ?? null) : null,
    };
  }

  async decide(
    actor: Actor,
    form: TriageDecisionForm,
    request: Request,
  ): Promise<TriageDecisionView> {
    if ((form.itemIds === undefined) === (form.filter === undefined)) {
      throw invalidField('itemIds', 'name the items (itemIds) or select them (filter), not both');
    }
    const f = form.filter;
    if (f && !f.all && !f.townshipCode && !f.villageCode && !f.bureau) {
      throw invalidField(
        'filter',
        'narrow the selection, or select every pending item (all: true)',
      );
    }
    if ((form.decision === 'dismiss') !== (form.reason !== undefined)) {
      throw invalidField('reason', 'a dismissal needs a reason code, a confirmation takes none');
    }
    const decision = form.decision === 'confirm' ? 'confirmed' : 'dismissed';
    const reason = form.reason ?? null;
    const target = form.itemIds
      ? `items:${form.itemIds.length}`
      : `filter:${[form.filter?.townshipCode, form.filter?.villageCode, form.filter?.bureau]
          .map((v) => v ?? '*')
          .join('/')}`;
    const result = await this.triage.decide(
      readScope(actor),
      decision,
      reason,
      actor.id,
      form.itemIds ? { ids: form.itemIds } : { filter: filterOf(form.filter ?? {}) },
    );
    if ('refused' in result) {
      await this.audit.record(
        {
          kind: AuditKinds.triageDecided,
          outcome: 'refused',
          actor,
          target,
          reason: result.refused === 'not-found' ? 'NOT_FOUND' : 'DECIDED_OTHERWISE',
        },
        request,
      );
      throw result.refused === 'not-found'
        ? new ApiError(
            ErrorCodes.triageItemNotFound,
            404,
            `${result.count} of the items named are not in your jurisdiction's triage`,
          )
        : new ApiError(
            ErrorCodes.triageDecidedOtherwise,
            409,
            `${result.count} of the items named were decided otherwise before: nothing changed`,
          );
    }
    await this.audit.record(
      {
        kind: AuditKinds.triageDecided,
        outcome: 'ok',
        actor,
        target: `triage-decision-${result.decisionId}`,
        reason: `${decision.toUpperCase()}${reason ? `:${reason}` : ''} ${target} n=${result.decided}`,
      },
      request,
    );
    if (decision === 'confirmed' && result.decided > 0) this.handOver(result.decisionId);
    return {
      decisionId: result.decisionId,
      decision: form.decision,
      reason: form.reason ?? null,
      decided: result.decided,
      unchanged: result.unchanged,
    };
  }

  /**
   * Confirmed alerts to their cases, after the answer: the decision is stored, and the outbox
   * retries a hand-over that fails here (Temporal down), so nothing confirmed is lost.
   */
  private handOver(decisionId: string): void {
    this.outbox.soon();
    this.batches
      .handOverConfirmed(decisionId)
      .catch((error: unknown) =>
        this.logger.warn(
          `triage decision ${decisionId} stored, hand-over deferred: ${error instanceof Error ? error.name : 'error'}`,
        ),
      );
  }

  private view(actor: Actor, r: TriageItemRow): TriageItemPage['items'][number] {
    return {
      itemId: r.id,
      householdKey: r.household_key,
      townshipCode: r.township_code,
      villageCode: r.village_code,
      ...headDisplay(this.cipher, actor, r),
      status: r.status,
      reason: r.reason as TriageItemPage['items'][number]['reason'],
      createdAt: r.created_at.toISOString(),
      decidedAt: r.decided_at?.toISOString() ?? null,
      openCaseId: r.open_case_id,
      alerts: (r.alerts ?? []).map((a) => ({
        bureau: a.source as TriageItemPage['items'][number]['alerts'][number]['bureau'],
        alertId: a.alert_id,
        triggers: a.triggers,
        receivedAt: new Date(a.received_at).toISOString(),
      })),
    };
  }
}
