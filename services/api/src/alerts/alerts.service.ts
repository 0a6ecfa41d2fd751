import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { ErrorCodes, caseWorkflowId, type DivisionCodes } from '@fanpin/contracts';
import { divisionsOfVillage, isValidResidentId, normalizeResidentId } from '@fanpin/domain';

import { ApiError } from '../errors/api-error';
import { householdKeyOf } from '../households/household-key';
import { API_CONFIG, type ApiConfig } from '../settings';
import { AlertDispatcher, type StoredAlert } from './alert-dispatcher';
import type { AlertReceiptDto, ReceiveAlertDto } from './dto/receive-alert.dto';

interface AlertRow {
  id: string;
  household_key: string;
  village_code: string;
  triggers: number[];
  case_id: string | null;
  dispatched_at: Date | null;
}

/** Whether two trigger lists hold the same triggers, in any order. */
function sameTriggers(a: number[], b: number[]): boolean {
  const byNumber = (x: number, y: number) => x - y;
  const sortedB = [...b].sort(byNumber);
  return a.length === b.length && [...a].sort(byNumber).every((t, i) => t === sortedB[i]);
}

/** Receives sector-bureau alerts: stores each before anything else, then hands it to its case. */
@Injectable()
export class AlertsService {
  private readonly logger = new Logger(AlertsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly dispatcher: AlertDispatcher,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async receive(dto: ReceiveAlertDto): Promise<AlertReceiptDto> {
    const divisions = divisionsOfVillage(dto.villageCode);
    if (!divisions) {
      throw new ApiError(
        ErrorCodes.divisionUnknown,
        422,
        'villageCode is not a village of this county',
      );
    }
    if (!isValidResidentId(dto.head.residentId)) {
      throw new ApiError(
        ErrorCodes.residentIdInvalid,
        422,
        'head.residentId fails the GB 11643-1999 check',
      );
    }
    const householdKey = householdKeyOf(this.config.HOUSEHOLD_KEY_SECRET, dto.head.residentId);
    const row = await this.dataSource.transaction((db) => this.store(db, dto, householdKey));
    const receipt = { alertId: dto.alertId, caseId: row.case_id ?? caseWorkflowId(householdKey) };
    if (row.dispatched_at) {
      return { ...receipt, status: 'duplicate' };
    }
    const stored = this.toStored(row, dto, divisions);
    try {
      return { ...receipt, caseId: await this.dispatcher.dispatch(stored), status: 'dispatched' };
    } catch (error) {
      this.logger.warn(
        `alert ${row.id} stored, hand-over deferred: ${error instanceof Error ? error.name : 'error'}`,
      );
      return { ...receipt, status: 'queued' };
    }
  }

  private toStored(row: AlertRow, dto: ReceiveAlertDto, divisions: DivisionCodes): StoredAlert {
    return {
      id: row.id,
      householdKey: row.household_key,
      divisions,
      alert: { alertId: dto.alertId, source: dto.bureau, triggers: dto.triggers },
    };
  }

  /** Stores household and alert; a resent alert must match what was first received. */
  private async store(
    db: EntityManager,
    dto: ReceiveAlertDto,
    householdKey: string,
  ): Promise<AlertRow> {
    await db.query(
      `INSERT INTO households (household_key, village_code, head_name, head_resident_id)
       VALUES ($1, $2, $3, $4) ON CONFLICT (household_key) DO NOTHING`,
      [householdKey, dto.villageCode, dto.head.name, normalizeResidentId(dto.head.residentId)],
    );
    const [inserted] = await db.query<AlertRow[]>(
      `INSERT INTO alerts (source, alert_id, household_key, village_code, triggers)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (source, alert_id) DO NOTHING
       RETURNING id, household_key, village_code, triggers, case_id, dispatched_at`,
      [dto.bureau, dto.alertId, householdKey, dto.villageCode, dto.triggers],
    );
    if (inserted) return inserted;
    const [existing] = await db.query<AlertRow[]>(
      `SELECT id, household_key, village_code, triggers, case_id, dispatched_at
       FROM alerts WHERE source = $1 AND alert_id = $2`,
      [dto.bureau, dto.alertId],
    );
    if (
      !existing ||
      existing.household_key !== householdKey ||
      existing.village_code !== dto.villageCode ||
      !sameTriggers(existing.triggers, dto.triggers)
    ) {
      throw new ApiError(
        ErrorCodes.alertConflict,
        409,
        'this alertId was already received with other content',
      );
    }
    return existing;
  }
}
