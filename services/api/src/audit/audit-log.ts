import { Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';

import type { Actor } from '@fanpin/contracts';
import { AuditLogRepository, type Queryable } from '@fanpin/persistence';

/** What the audit log records. */
export const AuditKinds = {
  login: 'auth.login',
  token: 'auth.token',
  /** A sign-out: every session and token of the account ended. */
  logout: 'auth.logout',
  /** An account's own password changed (its other sessions ended); failed: the current was wrong. */
  passwordChanged: 'account.password-changed',
  accessRefused: 'access.refused',
  decision: 'case.decision',
  residentIdRead: 'household.resident-id.read',
  reportDownloaded: 'report.downloaded',
  accountCreated: 'account.created',
  accountDisabled: 'account.disabled',
  /** Failed sign-ins locked an account (its target); shown to the owner at the next sign-in. */
  accountLocked: 'account.locked',
  accountUnlocked: 'account.unlocked',
  /** An administrator set a staff account's password (its sessions ended). */
  accountPasswordReset: 'account.password-reset',
  calendarEntered: 'calendar.entered',
  /** A year's income line drafted or its draft changed (target `policy-<year>-r<revision>`). */
  policyDrafted: 'policy.drafted',
  /** A year's income line published: fixed from then on. */
  policyPublished: 'policy.published',
  /** A what-if run of a draft line (its reason: `LINE_<yuan>`); no case changes. */
  policyWhatIf: 'policy.what-if',
  /** A household moved to another village (迁移); its reason: `from>to reasonCode`. */
  householdMoved: 'household.moved',
  /** A member joined a household (its target); its reason: `memberId reasonCode`. */
  memberJoined: 'household.member-joined',
  /** A member left a household (its target); its reason: `memberId reasonCode`. */
  memberLeft: 'household.member-left',
  /** A member became head after the head left; its reason: the new head's member id. */
  headChanged: 'household.head-changed',
  /** A member who split off (分户) founded a household (its target); reason: `fromKey split`. */
  householdFounded: 'household.founded',
  /** The city bureau imported the national system's export for reconciliation (its format). */
  nationalExportImported: 'national.export-imported',
  /** A difference with the national system resolved (target `<reconciliation>/<no>`, the reason). */
  nationalDifferenceResolved: 'national.difference-resolved',
  /**
   * The city bureau decided triage items (target `triage-decision-<id>`; reason: the decision,
   * its reason code, the selection as codes and how many items it decided).
   */
  triageDecided: 'triage.decided',
  /** A supervisor's tool read payloads through /codec/decode (how many: its reason). */
  payloadsDecoded: 'codec.decoded',
} as const;
export type AuditKind = (typeof AuditKinds)[keyof typeof AuditKinds];

export interface AuditEntry {
  kind: AuditKind;
  outcome: 'ok' | 'refused' | 'failed';
  /** The account acting, or just its claimed id when sign-in failed. */
  actor?: Pick<Actor, 'id' | 'role'> | { id: string; role?: undefined } | null;
  /** The case, household, alert or account acted on: a code, never personal data. */
  target?: string | null;
  /** A stable reason code, never free text from the request. */
  reason?: string | null;
}

export type AuditedRequest = Omit<Request, 'route'> & {
  correlationId?: string;
  route?: { path?: string };
};

/**
 * The append-only audit log in PostgreSQL (a trigger refuses UPDATE, DELETE and TRUNCATE): every
 * decision, every full resident-ID read, every sign-in and every refused access.
 */
@Injectable()
export class AuditLog {
  private readonly logger = new Logger(AuditLog.name);

  constructor(private readonly log: AuditLogRepository) {}

  /** Appends the entry; with `db`, in that transaction, so that it stands or falls with the act. */
  async record(entry: AuditEntry, request?: AuditedRequest, db?: Queryable): Promise<void> {
    await this.log.append(
      {
        kind: entry.kind,
        outcome: entry.outcome,
        actorId: entry.actor?.id ?? null,
        actorRole: entry.actor?.role ?? null,
        method: request?.method ?? null,
        route: request ? routeOf(request) : null,
        target: entry.target ?? null,
        reason: entry.reason ?? null,
        correlationId: request?.correlationId ?? null,
      },
      db,
    );
  }

  /** Records without failing the request: for refusals, which are answered whatever happens here. */
  recordQuietly(entry: AuditEntry, request?: AuditedRequest): Promise<void> {
    return this.record(entry, request).catch((error: unknown) => {
      this.logger.error(
        `audit entry ${entry.kind} not written: ${error instanceof Error ? error.name : 'error'}`,
      );
    });
  }
}

/** The route pattern (`/v1/cases/:caseId`), not the URL: ids in URLs stay out of route columns. */
export function routeOf(request: AuditedRequest): string {
  return request.route?.path ?? 'unmatched';
}
