import { Injectable } from '@nestjs/common';
import type { Request } from 'express';

import {
  ErrorCodes,
  type Actor,
  type PolicyPublishForm,
  type PolicyWhatIfForm,
  type PolicyYearForm,
  type PolicyYearLine,
  type PolicyYearView,
  type PolicyYearsView,
  type WhatIfView,
} from '@fanpin/contracts';
import {
  DefaultScreeningPolicy,
  figuresYearOf,
  overlappingYear,
  screeningPolicyOfYear,
  toYuan,
  withinLineFen,
  type ScreeningPolicy,
} from '@fanpin/domain';
import {
  HouseholdFiguresRepository,
  PolicyYearsRepository,
  Transactions,
  type PolicyYearRow,
  type Queryable,
} from '@fanpin/persistence';
import { cstDate } from '@fanpin/platform';

import { AuditKinds, AuditLog, type AuditKind } from '../audit/audit-log';
import { ApiError } from '../errors/api-error';
import { policyYearOf, policyYearView, yearLineOf } from './policy-view';

const DEFAULT_LIST_LIMIT = 1000;

/** A revision of a year's line, as the audit log names it. */
const revisionOf = ({ year, revision }: { year: number; revision: number }) =>
  `policy-${year}-r${revision}`;

/**
 * The yearly income lines and thresholds: drafted and published by the city bureau (audited), the
 * published ones read by screening and handed to cases, and a draft's what-if over every household.
 */
@Injectable()
export class PolicyService {
  constructor(
    private readonly years: PolicyYearsRepository,
    private readonly figures: HouseholdFiguresRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
  ) {}

  async view(): Promise<PolicyYearsView> {
    const [all, published] = await Promise.all([this.years.all(), this.years.published()]);
    return { years: all.map(policyYearView), inForce: published.map(yearLineOf) };
  }

  /** The lines a case keeps: the latest published revision of each year. */
  async yearLines(): Promise<PolicyYearLine[]> {
    return (await this.years.published()).map(yearLineOf);
  }

  /**
   * The year figures given at `at` are for: the year stated, else the one whose published line is
   * in force on that day (China Standard Time), else that day's year.
   */
  async figuresYearOf(stated: number | undefined, at: Date): Promise<number> {
    if (stated !== undefined) return stated;
    return figuresYearOf(undefined, cstDate(at), (await this.years.published()).map(policyYearOf));
  }

  /** The screening policy figures of `year` are judged against, as published now. */
  async screeningPolicyFor(year: number): Promise<Readonly<ScreeningPolicy>> {
    return screeningPolicyOfYear((await this.years.published()).map(policyYearOf), year);
  }

  async draft(
    year: number,
    form: PolicyYearForm,
    actor: Actor,
    request: Request,
  ): Promise<PolicyYearView> {
    const d = DefaultScreeningPolicy;
    return this.change(AuditKinds.policyDrafted, actor, request, (db) =>
      this.years.saveDraft(
        {
          year,
          incomeLine: form.incomeLine,
          marginalBandPercent: form.marginalBandPercent ?? d.marginalBandPercent,
          marginalBandNominates: form.marginalBandNominates ?? d.marginalBandNominates,
          rigidExpensesPercent: form.rigidExpensesPercent ?? d.rigidExpensesPercent,
          sharpDropPercent: form.sharpDropPercent ?? d.sharpDropPercent,
          validFrom: form.validFrom,
          validUntil: form.validUntil,
          noticeRef: form.noticeRef,
          draftedBy: actor.id,
        },
        db,
      ),
    );
  }

  /**
   * Publishes the year's draft of the revision named. Refused when there is no such draft, when
   * it is published already, or when its validity overlaps another year's published one.
   */
  async publish(
    year: number,
    { revision }: PolicyPublishForm,
    actor: Actor,
    request: Request,
  ): Promise<PolicyYearView> {
    const target = revisionOf({ year, revision });
    try {
      return await this.change(AuditKinds.policyPublished, actor, request, async (db) => {
        await this.years.lockPublications(db);
        const draft = await this.years.lock(year, revision, db);
        if (!draft) {
          throw new ApiError(
            ErrorCodes.policyDraftNotFound,
            404,
            `there is no revision ${revision} of ${year}`,
          );
        }
        if (draft.status === 'published') {
          throw new ApiError(
            ErrorCodes.policyPublished,
            409,
            `${year}-r${revision} is published and never changes: draft the year's next revision`,
          );
        }
        const clash = overlappingYear(draft, await this.years.published(db));
        if (clash !== null) {
          throw new ApiError(
            ErrorCodes.policyValidityOverlap,
            409,
            `the validity period overlaps that of ${clash}`,
          );
        }
        return this.years.publish(year, revision, actor.id, db);
      });
    } catch (error) {
      if (error instanceof ApiError) {
        await this.audit.recordQuietly(
          {
            kind: AuditKinds.policyPublished,
            outcome: 'refused',
            actor,
            target,
            reason: error.code,
          },
          request,
        );
      }
      throw error;
    }
  }

  /**
   * A change of a year's revision (its draft saved, or published), with its audit entry in the same
   * transaction: the entry stands or falls with the change.
   */
  private async change(
    kind: AuditKind,
    actor: Actor,
    request: Request,
    make: (db: Queryable) => Promise<PolicyYearRow>,
  ): Promise<PolicyYearView> {
    const row = await this.transactions.run(async (db) => {
      const changed = await make(db);
      const entry = { kind, outcome: 'ok', actor, target: revisionOf(changed) } as const;
      await this.audit.record(entry, request, db);
      return changed;
    });
    return policyYearView(row);
  }

  /**
   * Which households a draft line would add (within it, not monitored) or release (monitored, not
   * within it), by township, over the latest figures of each. Reads only: no case changes.
   */
  async whatIf(form: PolicyWhatIfForm, actor: Actor, request: Request): Promise<WhatIfView> {
    const d = DefaultScreeningPolicy;
    const withinFen = withinLineFen({
      incomeLine: form.incomeLine,
      marginalBandPercent: form.marginalBandPercent ?? d.marginalBandPercent,
      marginalBandNominates: form.marginalBandNominates ?? d.marginalBandNominates,
    });
    const listLimit = form.listLimit ?? DEFAULT_LIST_LIMIT;
    const townships = await this.figures.whatIf(withinFen, listLimit);
    await this.audit.record(
      {
        kind: AuditKinds.policyWhatIf,
        outcome: 'ok',
        actor,
        target: 'policy-what-if',
        reason: `LINE_${form.incomeLine}`,
      },
      request,
    );
    const sum = (key: 'households' | 'added' | 'released') =>
      townships.reduce((total, t) => total + t[key], 0);
    return {
      incomeLine: form.incomeLine,
      withinBelow: toYuan(withinFen),
      households: sum('households'),
      added: sum('added'),
      released: sum('released'),
      listLimit,
      townships,
    };
  }
}
