import { createHash, randomBytes } from 'node:crypto';

import { Inject, Injectable, Logger } from '@nestjs/common';

import {
  ErrorCodes,
  NationalExportForm,
  NationalExportRow,
  checkForm,
  isValidResidentId,
  problemsSentence,
  type Actor,
  type DifferenceView,
  type FieldProblem,
  type ReconciliationView,
} from '@fanpin/contracts';
import { findDivision } from '@fanpin/domain';
import {
  NationalReconciliationsRepository,
  Transactions,
  type DifferenceRow,
  type ExportRow,
  type ReconciliationRow,
} from '@fanpin/persistence';

import { AuditKinds, AuditLog, type AuditedRequest } from '../audit/audit-log';
import { ApiError } from '../errors/api-error';
import { parseJsonBody } from '../errors/json-depth';
import { householdKeyOf } from '../households/household-key';
import { API_CONFIG, type ApiConfig } from '../settings';
import { differencesOf } from './differences';
import {
  exportFormatOf,
  readCsvExport,
  readXlsxExport,
  type ExportFormat,
  type ExportLine,
} from './export-file';

/** Row problems an answer names at most: the rest are counted in its message. */
const MAX_PROBLEMS = 50;

const notFound = () =>
  new ApiError(ErrorCodes.reconciliationNotFound, 404, 'no such reconciliation');

/**
 * Reconciliation with the national system: the city bureau imports its export (CSV, .xlsx or
 * JSON), the rows are checked whole (a partial import would list false differences), the heads' ID
 * numbers turned into household keys and never kept, and the differences stored for the city to
 * resolve one by one, each resolution audited.
 */
@Injectable()
export class ReconciliationsService {
  private readonly logger = new Logger(ReconciliationsService.name);

  constructor(
    private readonly reconciliations: NationalReconciliationsRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async import(
    actor: Actor,
    contentType: string,
    body: unknown,
    townshipCode: string | null,
    request: AuditedRequest,
  ): Promise<ReconciliationView> {
    const countyCode = actor.divisionCode ?? '';
    if (townshipCode !== null && !townshipCode.startsWith(countyCode)) {
      throw new ApiError(ErrorCodes.divisionUnknown, 422, 'townshipCode is not of your county');
    }
    if (!Buffer.isBuffer(body) || body.length === 0) {
      throw new ApiError(ErrorCodes.nationalExportEmpty, 400, 'the export has no content');
    }
    const format = exportFormatOf(contentType);
    const rows = this.checked(
      await this.lines(format, body, contentType),
      countyCode,
      townshipCode,
    );
    const differences = differencesOf(
      rows,
      await this.reconciliations.monitored(countyCode, townshipCode),
    );
    const reconciliationId = `REC-${new Date().toISOString().slice(0, 10)}-${randomBytes(6).toString('hex')}`;
    await this.transactions.run(async (db) => {
      await this.reconciliations.store(
        {
          reconciliationId,
          countyCode,
          townshipCode,
          format,
          contentSha256: createHash('sha256').update(body).digest('hex'),
          importedBy: actor.id,
        },
        rows,
        differences,
        db,
      );
      await this.audit.record(
        {
          kind: AuditKinds.nationalExportImported,
          outcome: 'ok',
          actor,
          target: reconciliationId,
          reason: format,
        },
        request,
        db,
      );
    });
    this.logger.log(
      `reconciliation ${reconciliationId}: ${rows.length} row(s), ${differences.length} difference(s)`,
    );
    return this.get(actor, reconciliationId, 0, 100);
  }

  async get(
    actor: Actor,
    reconciliationId: string,
    after: number,
    limit: number,
  ): Promise<ReconciliationView> {
    const r = await this.ownReconciliation(actor, reconciliationId);
    const page = await this.reconciliations.differences(reconciliationId, after, limit + 1);
    const shown = page.slice(0, limit);
    return {
      ...header(r),
      differences: shown.map(differenceView),
      next: page.length > limit ? (shown.at(-1)?.difference_no ?? null) : null,
    };
  }

  /**
   * Resolves a difference with a reason code, audited with it. The same reason again changes
   * nothing; another one corrects the resolution (the audit log keeps each).
   */
  async resolve(
    actor: Actor,
    reconciliationId: string,
    differenceNo: number,
    reasonCode: string,
    request: AuditedRequest,
  ): Promise<DifferenceView> {
    await this.ownReconciliation(actor, reconciliationId);
    return this.transactions.run(async (db) => {
      const d = await this.reconciliations.differenceForUpdate(reconciliationId, differenceNo, db);
      if (!d) {
        throw new ApiError(ErrorCodes.differenceNotFound, 404, 'no such difference');
      }
      if (d.resolution_code === reasonCode) return differenceView(d);
      const resolved = await this.reconciliations.resolve(
        reconciliationId,
        differenceNo,
        reasonCode,
        actor.id,
        db,
      );
      await this.audit.record(
        {
          kind: AuditKinds.nationalDifferenceResolved,
          outcome: 'ok',
          actor,
          target: `${reconciliationId}/${differenceNo}`,
          reason: reasonCode,
        },
        request,
        db,
      );
      return differenceView(resolved);
    });
  }

  private async lines(format: ExportFormat, body: Buffer, contentType: string) {
    if (format === 'csv') return readCsvExport(body, contentType);
    if (format === 'xlsx') return readXlsxExport(body);
    return jsonLines(body);
  }

  /**
   * Every row checked (its fields, the ID number's check character, its village in its township and
   * in the county, one row per record number); any problem refuses the whole export. The rows as
   * stored: the ID number replaced by the household key.
   */
  private checked(
    lines: readonly ExportLine[],
    countyCode: string,
    townshipCode: string | null,
  ): ExportRow[] {
    const problems: FieldProblem[] = [];
    const rows: ExportRow[] = [];
    const records = new Set<string>();
    const refuse = (line: number, field: string, rule: string, message: string) =>
      problems.push({ field: `line ${line}: ${field}`, rule, message: `line ${line}: ${message}` });
    for (const { line, value } of lines) {
      const checked = checkForm(NationalExportRow, value);
      if (!checked.ok) {
        for (const p of checked.problems) refuse(line, p.field, p.rule, p.message);
        continue;
      }
      const row = checked.value;
      if (!isValidResidentId(row.residentId)) {
        refuse(line, 'residentId', 'checksum', 'residentId fails its check character');
      }
      const village = findDivision(row.villageCode);
      if (village?.level !== 'village' || !row.villageCode.startsWith(row.townshipCode)) {
        refuse(
          line,
          'villageCode',
          'unknown-division',
          'villageCode is no village of townshipCode',
        );
      } else if (!row.townshipCode.startsWith(countyCode)) {
        refuse(line, 'townshipCode', 'outside-scope', 'townshipCode is not of your county');
      } else if (townshipCode !== null && row.townshipCode !== townshipCode) {
        refuse(line, 'townshipCode', 'outside-scope', 'townshipCode is not the township imported');
      }
      if (records.has(row.recordId)) {
        refuse(line, 'recordId', 'distinct', 'recordId is on an earlier line too');
      }
      records.add(row.recordId);
      rows.push({
        line,
        recordId: row.recordId,
        householdKey: householdKeyOf(this.config.HOUSEHOLD_KEY_SECRET, row.residentId),
        townshipCode: row.townshipCode,
        villageCode: row.villageCode,
        householdClass: row.householdClass,
        mark: row.mark,
      });
    }
    if (problems.length > 0) {
      throw new ApiError(
        ErrorCodes.inputInvalid,
        400,
        `the export does not fit: ${problemsSentence(problems)}`,
        problems.slice(0, MAX_PROBLEMS),
      );
    }
    return rows;
  }

  /** A reconciliation of the caller's county; another county's does not exist for it. */
  private async ownReconciliation(actor: Actor, reconciliationId: string) {
    const r = await this.reconciliations.find(reconciliationId);
    if (!r || r.county_code !== actor.divisionCode) throw notFound();
    return r;
  }
}

/** An export sent as JSON: its envelope checked, each row then checked as a file's line is. */
function jsonLines(body: Buffer): ExportLine[] {
  const checked = checkForm(NationalExportForm, parseJsonBody(body));
  if (!checked.ok) {
    throw new ApiError(
      ErrorCodes.inputInvalid,
      400,
      `the request is not valid: ${problemsSentence(checked.problems)}`,
      checked.problems.slice(0, MAX_PROBLEMS),
    );
  }
  return checked.value.rows.map((value, i) => ({ line: i + 1, value }));
}

function header(r: ReconciliationRow): Omit<ReconciliationView, 'differences' | 'next'> {
  return {
    reconciliationId: r.reconciliation_id,
    format: r.format,
    townshipCode: r.township_code,
    rows: r.row_count,
    differenceCount: r.difference_count,
    unresolved: r.unresolved,
    importedBy: r.imported_by,
    importedAt: r.imported_at.toISOString(),
  };
}

function differenceView(d: DifferenceRow): DifferenceView {
  return {
    differenceNo: d.difference_no,
    kind: d.kind as DifferenceView['kind'],
    line: d.line,
    recordId: d.record_id,
    householdKey: d.household_key,
    caseId: d.case_id,
    townshipCode: d.township_code,
    villageCode: d.village_code,
    here: d.here,
    there: d.there,
    resolution:
      d.resolution_code !== null && d.resolved_by !== null && d.resolved_at !== null
        ? {
            reasonCode: d.resolution_code,
            resolvedBy: d.resolved_by,
            resolvedAt: d.resolved_at.toISOString(),
          }
        : null,
  };
}
