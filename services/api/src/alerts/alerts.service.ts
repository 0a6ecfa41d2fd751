import { Inject, Injectable, Logger } from '@nestjs/common';

import {
  ErrorCodes,
  caseWorkflowId,
  isValidPhone,
  isValidResidentId,
  normalizePhone,
  normalizeResidentId,
  type Actor,
  type AlertForm,
  type AlertList,
  type AlertOutcome,
  type AlertReceipt,
  type AlertRef,
  type DivisionCodes,
  type EntryChannel,
  type HouseholdHead,
} from '@fanpin/contracts';
import { divisionsOfVillage } from '@fanpin/domain';
import {
  AlertsRepository,
  HouseholdsRepository,
  PiiCipher,
  PiiFields,
  Transactions,
  TriageRepository,
  sealDetail,
  type AlertOutcomeRow,
  type AlertRow,
  type Queryable,
} from '@fanpin/persistence';

import { ApiError } from '../errors/api-error';
import { API_CONFIG, type ApiConfig } from '../settings';
import { HouseholdFinder, type FoundHousehold } from '../households/household-finder';
import { AlertDispatcher, type StoredAlert } from './alert-dispatcher';

/** A signal about a household from any way in, as the API checked its shape. */
export interface IncomingSignal {
  source: AlertRef['source'];
  alertId: string;
  villageCode: string;
  head: HouseholdHead;
  triggers: number[];
  channel: EntryChannel;
  /** Codes and figures the way in adds (its channel, a screening's result); no personal data. */
  detail: Record<string, unknown> | null;
}

/** What became of an alert: its triage until the city confirmed it, then its case. */
function outcomeOf(row: AlertOutcomeRow): AlertOutcome['outcome'] {
  if (row.triage_status === 'pending') return 'awaiting-triage';
  if (row.triage_status === 'dismissed') return 'dismissed';
  if (row.case_id === null) return row.triage_status === 'confirmed' ? 'confirmed' : 'received';
  return row.status ?? 'case-opening';
}

function toOutcome(row: AlertOutcomeRow): AlertOutcome {
  return {
    alertId: row.alert_id,
    villageCode: row.village_code,
    triggers: row.triggers,
    receivedAt: row.received_at.toISOString(),
    caseId: row.case_id,
    outcome: outcomeOf(row),
    dismissReason:
      row.triage_status === 'dismissed'
        ? (row.triage_reason as AlertOutcome['dismissReason'])
        : null,
  };
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
    private readonly alerts: AlertsRepository,
    private readonly households: HouseholdsRepository,
    private readonly transactions: Transactions,
    private readonly dispatcher: AlertDispatcher,
    private readonly cipher: PiiCipher,
    private readonly finder: HouseholdFinder,
    private readonly triage: TriageRepository,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async receive(dto: AlertForm, actor: Actor): Promise<AlertReceipt> {
    if (actor.org !== dto.bureau) {
      throw new ApiError(ErrorCodes.alertWrongBureau, 403, 'a bureau sends its own alerts only');
    }
    const { bureau, ...rest } = dto;
    return this.receiveSignal({ ...rest, source: bureau, channel: 'bureau-alert', detail: null });
  }

  /**
   * Any way in (a bureau's alert, a self-declaration, a cadre's screening): the household and the
   * signal stored first, then handed to the household's one case. Personal data is checked here
   * and sealed before it is stored; the same signal again changes nothing.
   */
  async receiveSignal(dto: IncomingSignal): Promise<AlertReceipt> {
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
    if (dto.head.phone !== undefined && !isValidPhone(dto.head.phone)) {
      throw new ApiError(ErrorCodes.phoneInvalid, 422, 'head.phone is not a mainland phone number');
    }
    // Whoever the signal names, a current member leads to their household and its one case.
    const { row, inserted } = await this.transactions.run(async (db) =>
      this.store(db, dto, await this.finder.find(dto.head.residentId, db)),
    );
    const householdKey = row.household_key;
    const receipt = { alertId: dto.alertId, caseId: row.case_id ?? caseWorkflowId(householdKey) };
    if (row.dispatched_at) {
      return { ...receipt, status: 'duplicate' };
    }
    // A triaged alert reaches its case when the city confirms it, through the outbox.
    if (row.triage_item_id !== null) {
      return { ...receipt, status: inserted ? 'triage' : 'duplicate' };
    }
    // A known household stays in its own village, whichever village the report named: its case
    // runs there (a move is the township's or the city's audited act, not a report's side effect).
    const home = divisionsOfVillage(row.household_village) ?? divisions;
    const stored = this.toStored(row, dto, home);
    try {
      return { ...receipt, caseId: await this.dispatcher.dispatch(stored), status: 'dispatched' };
    } catch (error) {
      this.logger.warn(
        `alert ${row.id} stored, hand-over deferred: ${error instanceof Error ? error.name : 'error'}`,
      );
      return { ...receipt, status: 'queued' };
    }
  }

  /** A bureau's own alerts, newest first, with the outcome of each (its feedback). */
  async list(actor: Actor, before: number | undefined, limit: number): Promise<AlertList> {
    const rows = await this.alerts.outcomes(actor.org, before ?? null, limit);
    return {
      alerts: rows.map(toOutcome),
      next: rows.length === limit ? Number(rows.at(-1)?.id) : null,
    };
  }

  /** One of the bureau's own alerts; another bureau's alert does not exist for it. */
  async one(actor: Actor, alertId: string): Promise<AlertOutcome> {
    const row = await this.alerts.outcome(actor.org, alertId);
    if (!row) throw new ApiError(ErrorCodes.alertNotFound, 404, 'no such alert');
    return toOutcome(row);
  }

  private toStored(row: AlertRow, dto: IncomingSignal, divisions: DivisionCodes): StoredAlert {
    return {
      id: row.id,
      householdKey: row.household_key,
      divisions,
      alert: { alertId: dto.alertId, source: dto.source, triggers: dto.triggers },
      receivedAt: row.received_at.toISOString(),
      channel: dto.channel,
    };
  }

  /**
   * Stores household and alert; a resent alert must match what was first received. A person who
   * belongs to no household is the head of a new one. A bureau's new alert joins its household's
   * item in the city's triage when the city triages (ALERT_TRIAGE=city); the other ways in do not.
   */
  private async store(
    db: Queryable,
    dto: IncomingSignal,
    found: FoundHousehold,
  ): Promise<{ row: AlertRow; inserted: boolean }> {
    const { householdKey } = found;
    // Personal data is sealed before it reaches the database; the first sender's record stays.
    if (!found.known) await this.insertHousehold(db, dto, found);
    const inserted = await this.alerts.insert(
      {
        source: dto.source,
        alertId: dto.alertId,
        householdKey,
        villageCode: dto.villageCode,
        triggers: dto.triggers,
        // A screening's figures and the rules' findings on them are sealed like the head's name.
        detail: dto.detail && sealDetail(this.cipher, PiiFields.screeningFigures, dto.detail),
      },
      db,
    );
    if (inserted) {
      if (dto.channel !== 'bureau-alert' || this.config.ALERT_TRIAGE !== 'city') {
        return { row: inserted, inserted: true };
      }
      const item = await this.triage.join(
        inserted.id,
        householdKey,
        inserted.household_village,
        db,
      );
      return { row: { ...inserted, triage_item_id: item }, inserted: true };
    }
    const existing = await this.alerts.find(dto.source, dto.alertId, db);
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
    return { row: existing, inserted: false };
  }

  private async insertHousehold(
    db: Queryable,
    dto: IncomingSignal,
    { householdKey, memberKey }: FoundHousehold,
  ): Promise<void> {
    await this.households.insertIfNew(
      {
        household_key: householdKey,
        village_code: dto.villageCode,
        head_name_sealed: this.cipher.encrypt(dto.head.name, PiiFields.headName),
        head_resident_id_sealed: this.cipher.encrypt(
          normalizeResidentId(dto.head.residentId),
          PiiFields.headResidentId,
        ),
        head_phone_sealed:
          dto.head.phone === undefined
            ? null
            : this.cipher.encrypt(normalizePhone(dto.head.phone), PiiFields.headPhone),
      },
      memberKey,
      dto.source,
      db,
    );
  }
}
