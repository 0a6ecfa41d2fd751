import { Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';

import { ErrorCodes, type Actor, type ReportKind, type ReportView } from '@fanpin/contracts';
import {
  HouseholdsRepository,
  PiiCipher,
  PiiFields,
  ReportsRepository,
  type ReportRow,
} from '@fanpin/persistence';
import { OfficeMediaTypes, writeOfficeFile, type OfficeFormat } from '@fanpin/platform';

import { AuditKinds, AuditLog } from '../audit/audit-log';
import { ApiError } from '../errors/api-error';
import { renderReport, type Person, type StoredReport } from './report-files';

export interface ReportFile {
  fileName: string;
  contentType: string;
  body: Buffer;
}

export type ReportFormat = OfficeFormat;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const view = (r: ReportRow): ReportView => ({
  reportId: r.report_id,
  kind: r.kind,
  scope: r.scope,
  periodStart: r.period_start.toISOString(),
  periodEnd: r.period_end.toISOString(),
  producedAt: r.produced_at.toISOString(),
  rows: r.row_count,
});

@Injectable()
export class ReportsService {
  private readonly logger = new Logger('Reports');

  constructor(
    private readonly reports: ReportsRepository,
    private readonly households: HouseholdsRepository,
    private readonly cipher: PiiCipher,
    private readonly audit: AuditLog,
  ) {}

  async list(
    actor: Actor,
    filter: { kind?: ReportKind; scope?: string; limit: number },
  ): Promise<ReportView[]> {
    const rows = await this.reports.list(actor, filter);
    return rows.map(view);
  }

  /** The file of one report, rendered from its snapshot for this reader; every download audited. */
  async file(
    actor: Actor,
    reportId: string,
    format: ReportFormat,
    request: Request,
  ): Promise<ReportFile> {
    const report = await this.load(actor, reportId);
    const people = await this.people(report);
    const fullResidentId =
      report.kind === 'bureau-exchange' &&
      (actor.role === 'sector-bureau' || actor.role === 'city-bureau');
    const rendered = renderReport(report, { of: (key) => people.get(key), fullResidentId });
    const body = writeOfficeFile(format, rendered, {
      creator: 'fanpin-monitor',
      created: new Date(report.producedAt),
    });
    // Written before the file leaves: no download goes unrecorded.
    await this.audit.record(
      {
        kind: AuditKinds.reportDownloaded,
        outcome: 'ok',
        actor,
        target: reportId,
        reason: fullResidentId ? 'FULL_RESIDENT_IDS' : format.toUpperCase(),
      },
      request,
    );
    return {
      fileName: `${rendered.title}-${report.scope}-${report.periodEnd.slice(0, 10)}.${format}`,
      contentType: OfficeMediaTypes[format],
      body,
    };
  }

  /** A report this account may read; any other (or none) is not found, so ids reveal nothing. */
  private async load(actor: Actor, reportId: string): Promise<StoredReport> {
    const notFound = () => new ApiError(ErrorCodes.reportNotFound, 404, 'no such report');
    if (!UUID.test(reportId)) throw notFound();
    const row = await this.reports.load(actor, reportId);
    if (!row) throw notFound();
    const { kind, scope, periodStart, periodEnd, producedAt } = view(row);
    return {
      reportId: row.report_id,
      kind,
      scope,
      periodStart,
      periodEnd,
      producedAt,
      content: row.content,
    };
  }

  /** The heads of the households a report lists, unsealed for rendering only. */
  private async people(report: StoredReport): Promise<Map<string, Person>> {
    const keys = new Set<string>();
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') {
        const key = (value as { householdKey?: unknown }).householdKey;
        if (typeof key === 'string') keys.add(key);
        else Object.values(value).forEach(collect);
      }
    };
    if (report.kind !== 'scale-risk') collect(report.content);
    if (keys.size === 0) return new Map();
    const rows = await this.households.heads([...keys]);
    const people = new Map<string, Person>();
    let unreadable = 0;
    for (const r of rows) {
      try {
        people.set(r.household_key, {
          name: this.cipher.decrypt(r.head_name_sealed, PiiFields.headName),
          residentId: this.cipher.decrypt(r.head_resident_id_sealed, PiiFields.headResidentId),
        });
      } catch {
        // Sealed with a key this API no longer holds: the line stays, and says so.
        unreadable += 1;
        people.set(r.household_key, { name: '（个人信息无法解密）', residentId: '' });
      }
    }
    if (unreadable > 0) {
      this.logger.warn(
        `report ${report.reportId}: ${unreadable} household(s) sealed with a key not configured (PII_ENCRYPTION_KEY, previous keys)`,
      );
    }
    return people;
  }
}
