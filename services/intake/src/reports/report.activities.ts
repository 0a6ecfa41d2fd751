import { Injectable, Logger } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';

import {
  ErrorCodes,
  SectorBureaus,
  type ProduceReportCommand,
  type ProducedReport,
  type ReportActivities,
  type ReportContent,
  type ReportKind,
  type SectorBureau,
} from '@fanpin/contracts';
import { COUNTY_CODE, allDivisions, isReportPeriod, scaleRiskJudgement } from '@fanpin/domain';
import { ReportSourcesRepository, ReportsRepository } from '@fanpin/persistence';

/** Lines a report holds, as its listing shows them. */
function rowsOf(content: ReportContent): number {
  if ('declarations' in content) {
    return content.declarations.length + content.warnings.length + content.reported.length;
  }
  if ('outcomes' in content) return content.confirmed.length + content.outcomes.length;
  return content.counts.length;
}

/**
 * Periodic reports (plan §4.2, §6.2): takes each report's snapshot from PostgreSQL and stores it once
 * per kind, scope and period. Codes and household keys only; names are added when a file is
 * downloaded, for those allowed to see them.
 */
@Injectable()
export class ReportActivitiesService {
  private readonly logger = new Logger('Reports');

  constructor(
    private readonly reports: ReportsRepository,
    private readonly sources: ReportSourcesRepository,
  ) {}

  activities(): ReportActivities {
    return {
      reportScopes: ({ kind }) => Promise.resolve(this.scopes(kind)),
      produceReport: (command) => this.produce(command),
    };
  }

  scopes(kind: ReportKind): string[] {
    if (kind === 'half-monthly') {
      return allDivisions()
        .filter((d) => d.level === 'township' && d.parent === COUNTY_CODE)
        .map((d) => d.code)
        .sort();
    }
    if (kind === 'bureau-exchange') return [...SectorBureaus];
    return [COUNTY_CODE];
  }

  async produce(command: ProduceReportCommand): Promise<ProducedReport> {
    const { kind, scope, period } = command;
    if (!isReportPeriod(kind, period) || !this.scopes(kind).includes(scope)) {
      throw ApplicationFailure.create({
        type: ErrorCodes.inputInvalid,
        message: `not a ${kind} report period or scope`,
        nonRetryable: true,
      });
    }
    const existing = await this.find(command);
    if (existing) return { ...existing, created: false };
    const content = await this.snapshot(command);
    const rows = rowsOf(content);
    const reportId = await this.reports.insert({
      kind,
      scope,
      periodStart: period.start,
      periodEnd: period.end,
      rowCount: rows,
      content,
    });
    if (!reportId) {
      // Another attempt stored it between our look and our insert: the first one stands.
      const first = await this.find(command);
      if (!first) throw new Error('report vanished after a conflicting insert');
      return { ...first, created: false };
    }
    this.logger.log(`${kind} ${scope} up to ${period.end}: ${rows} line(s)`);
    return { reportId, scope, rows, created: true };
  }

  private async find(c: ProduceReportCommand): Promise<Omit<ProducedReport, 'created'> | null> {
    const row = await this.reports.find(c.kind, c.scope, c.period.end);
    return row ? { reportId: row.report_id, scope: c.scope, rows: row.row_count } : null;
  }

  private async snapshot({ kind, scope, period }: ProduceReportCommand): Promise<ReportContent> {
    if (kind === 'half-monthly') return this.sources.halfMonthly(scope, period);
    if (kind === 'bureau-exchange')
      return this.sources.bureauExchange(scope as SectorBureau, period);
    const judged = scaleRiskJudgement(await this.sources.scaleRiskRuns(period.end), period);
    return { ...judged, measures: await this.sources.measureSums(period) };
  }
}
