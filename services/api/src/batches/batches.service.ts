import { createHash } from 'node:crypto';

import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client } from '@temporalio/client';

import {
  ErrorCodes,
  BatchForm,
  MaxBatchRecords,
  WorkflowTypes,
  batchWorkflowId,
  type Actor,
  type AlertBatchView,
  type AlertBatchWorkflowInput,
  type BatchRejection,
  type SectorBureau,
} from '@fanpin/contracts';
import { checkBatch, csvBatchRows, decodeCsv, splitCsv, type CheckedBatch } from '@fanpin/domain';
import {
  AlertBatchesRepository,
  AlertsRepository,
  HouseholdsRepository,
  PiiCipher,
  PiiFields,
  TriageRepository,
  type BatchRecordRow,
  type BatchRow,
} from '@fanpin/persistence';

import { casePolicy } from '../alerts/alert-dispatcher';
import { ApiError, checkLineCount } from '../errors/api-error';
import { FormPipe } from '../forms/form.pipe';
import { parseJsonBody } from '../errors/json-depth';
import { HouseholdFinder } from '../households/household-finder';
import { API_CONFIG, type ApiConfig } from '../settings';
import { startOnce } from '../temporal/start-once';

/** Records keyed and looked up together (four chunks of a full batch). */
const LOOKUP_CHUNK = 25_000;

function view(row: BatchRow): AlertBatchView {
  return {
    batchId: row.batch_id,
    bureau: row.source,
    status: row.status,
    total: row.total,
    rejected: row.rejected,
    duplicates: row.duplicates,
    newCases: row.new_cases,
    attached: row.attached,
    dispatched: row.dispatched,
    // Every new case and attached alert is handed over, and nothing else.
    toDispatch: row.new_cases + row.attached,
    triage: row.triage,
    receivedAt: row.received_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

/** Refusals from reading the file itself, before any record is checked. */
const unreadable = (message: string) => new ApiError(ErrorCodes.batchUnreadable, 400, message);

/**
 * Sector-bureau batches: checked record by record, stored with one COPY before anything else
 * happens (so nothing accepted is lost), then processed by a durable workflow. The same batch id
 * sent again with the same content changes nothing; with other content it is refused.
 */
/** The households of a batch's records, in their order. */
interface Households {
  /** Each record's household: the one its person belongs to, or the one they found. */
  keys: string[];
  /** Each record's person, as a member key. */
  memberKeys: string[];
  /** The stored households among them (their personal data is not sealed again). */
  known: Set<string>;
}

@Injectable()
export class BatchesService {
  private readonly logger = new Logger('batches');

  constructor(
    private readonly batches: AlertBatchesRepository,
    private readonly alerts: AlertsRepository,
    private readonly households: HouseholdsRepository,
    private readonly client: Client,
    private readonly cipher: PiiCipher,
    private readonly finder: HouseholdFinder,
    private readonly triage: TriageRepository,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async receive(
    actor: Actor,
    batchId: string,
    contentType: string,
    body: unknown,
  ): Promise<{ created: boolean; batch: AlertBatchView }> {
    const bureau = actor.org as SectorBureau;
    if (!Buffer.isBuffer(body) || body.length === 0) {
      throw new ApiError(ErrorCodes.batchEmpty, 400, 'the batch has no content');
    }
    const format = contentType.startsWith('text/csv')
      ? 'csv'
      : contentType.startsWith('application/json')
        ? 'json'
        : null;
    if (!format) {
      throw new ApiError(
        ErrorCodes.inputUnsupportedMediaType,
        415,
        'send application/json or text/csv',
      );
    }
    const digest = createHash('sha256').update(body).digest('hex');
    const before = await this.batches.find(bureau, batchId);
    if (before) return { created: false, batch: await this.again(before, digest) };

    const started = performance.now();
    const checked = format === 'csv' ? this.readCsv(body, contentType) : this.readJson(body);
    const { keys, memberKeys, known, received } = await this.lookUp(bureau, checked);
    const looked = performance.now();
    try {
      await this.store(
        bureau,
        batchId,
        format,
        digest,
        checked,
        { keys, memberKeys, known },
        received,
      );
    } catch (error) {
      // The same batch arriving twice at once: the one stored first stands.
      const raced = await this.batches.find(bureau, batchId);
      if (raced) return { created: false, batch: await this.again(raced, digest) };
      throw error;
    }
    const ms = (from: number, to = performance.now()) => Math.round(to - from);
    this.logger.log(
      `batch ${bureau}/${batchId}: ${checked.total} record(s) stored, ` +
        `${checked.rejections.length} refused (read and checked, then looked up: ` +
        `${ms(started, looked)} ms; stored: ${ms(looked)} ms)`,
    );
    await this.startSoon(bureau, batchId);
    const stored = await this.batches.find(bureau, batchId);
    if (!stored) throw new Error('the stored batch is gone');
    return { created: true, batch: view(stored) };
  }

  async get(actor: Actor, batchId: string): Promise<AlertBatchView> {
    const row = await this.batches.find(actor.org as SectorBureau, batchId);
    if (!row) throw new ApiError(ErrorCodes.batchNotFound, 404, 'no such batch');
    return view(row);
  }

  /** The rejection report: every refused line, in order. */
  async rejections(actor: Actor, batchId: string): Promise<BatchRejection[]> {
    await this.get(actor, batchId);
    const rows = await this.batches.rejections(actor.org as SectorBureau, batchId);
    return rows.map((r) => ({
      line: r.line,
      alertId: r.alert_id,
      field: r.problem_field,
      code: r.problem_code,
      message: r.problem_message,
    }));
  }

  /** Starts (or finds running) the batch's workflow; a finished batch is never processed again. */
  async startProcessing(bureau: SectorBureau, batchId: string): Promise<void> {
    const input: AlertBatchWorkflowInput = { bureau, batchId, policy: casePolicy(this.config) };
    await this.startRun(batchWorkflowId({ bureau, batchId }), input);
  }

  /** Starts a run of the batch workflow, or finds it running; one that has finished stays so. */
  private startRun(workflowId: string, input: AlertBatchWorkflowInput): Promise<void> {
    return startOnce(this.client, WorkflowTypes.alertBatch, {
      workflowId,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  }

  /**
   * Starts processing now if Temporal answers; else the batch stays stored and the outbox starts it
   * (resumeStalled): a stored batch is accepted whatever Temporal does meanwhile.
   */
  private async startSoon(bureau: SectorBureau, batchId: string): Promise<void> {
    try {
      await this.startProcessing(bureau, batchId);
    } catch (error) {
      this.logger.warn(
        `batch ${bureau}/${batchId} stored, processing deferred: ${error instanceof Error ? error.name : 'error'}`,
      );
    }
  }

  /**
   * Hands over the batch records a triage decision confirmed: one run of the batch workflow per
   * batch, from its first line (its preparation done), which passes over what is not confirmed.
   * A run per decision: two decisions on one batch overlap harmlessly (a case takes an alert once).
   * Then the decision is marked handed; the outbox hands over one whose hand-over did not happen.
   */
  async handOverConfirmed(decisionId: string): Promise<void> {
    const policy = casePolicy(this.config);
    for (const { source, batch_id: batchId } of await this.triage.batchesOf(decisionId)) {
      const bureau = source as SectorBureau;
      const input: AlertBatchWorkflowInput = { bureau, batchId, policy, afterLine: 0 };
      await this.startRun(`${batchWorkflowId({ bureau, batchId })}-triage-${decisionId}`, input);
    }
    await this.triage.markHanded(decisionId);
  }

  /** Confirmations whose hand-over never happened (the API died in between, Temporal down). */
  async resumeConfirmed(olderThanMs: number): Promise<number> {
    const ids = await this.triage.unhanded(olderThanMs);
    for (const id of ids) await this.handOverConfirmed(id);
    return ids.length;
  }

  /** Batches stored but whose processing never started (the API died in between). */
  async resumeStalled(olderThanMs: number): Promise<number> {
    const rows = await this.batches.stalled(olderThanMs);
    for (const row of rows) await this.startProcessing(row.source, row.batch_id);
    return rows.length;
  }

  private async again(known: BatchRow, digest: string): Promise<AlertBatchView> {
    if (known.digest !== digest) {
      throw new ApiError(
        ErrorCodes.batchConflict,
        409,
        'this batch id was received before with other content',
      );
    }
    if (known.status === 'received') await this.startSoon(known.source, known.batch_id);
    return view(known);
  }

  /**
   * Keys every record and looks up, in PostgreSQL, the household of each person named: a current
   * member (the head or not) leads to their household, whose personal data is not sealed and stored
   * again (the first record stays, which spares most of the work when a batch re-sends known
   * households); anyone else heads a new household. And this bureau's alerts received before (with
   * the same content a duplicate, with other content a conflict, settled here so that processing
   * only touches what is new; a resend racing this batch is still caught when it is processed). A
   * chunk at a time: PostgreSQL answers one chunk while the next is keyed.
   */
  private async lookUp(
    bureau: SectorBureau,
    batch: CheckedBatch,
  ): Promise<Households & { received: Map<string, string> }> {
    const memberKeys: string[] = [];
    const households = new Map<string, string>();
    const taken = new Set<string>();
    const received = new Map<string, string>();
    const pending: Promise<void>[] = [];
    for (let from = 0; from < batch.records.length; from += LOOKUP_CHUNK) {
      const chunk = batch.records.slice(from, from + LOOKUP_CHUNK);
      const chunkKeys = chunk.map((r) => this.finder.memberKeyOf(r.residentId));
      memberKeys.push(...chunkKeys);
      pending.push(
        this.finder.currentHouseholds(chunkKeys).then((rows) => {
          for (const [member, household] of rows) households.set(member, household);
        }),
        this.households.knownKeys(chunkKeys).then((rows) => {
          for (const key of rows) taken.add(key);
        }),
        this.alerts
          .contentsOf(
            bureau,
            chunk.map((r) => r.alertId),
          )
          .then((rows) => {
            for (const [id, content] of rows) received.set(id, content);
          }),
      );
      // Lets the queries go out (and answers come in) before the next chunk is keyed.
      await new Promise(setImmediate);
    }
    await Promise.all(pending);
    const keys: string[] = [];
    const known = new Set<string>(households.values());
    for (const [i, memberKey] of memberKeys.entries()) {
      const household = households.get(memberKey);
      if (household !== undefined) keys.push(household);
      else if (!taken.has(memberKey)) keys.push(memberKey);
      else {
        // Rare: the person's own key is held by a household they have left (they head a new one),
        // or by theirs, stored by another report between the two look-ups above: asked again.
        const record = batch.records[i] as CheckedBatch['records'][number];
        const key = (await this.finder.find(record.residentId)).householdKey;
        households.set(memberKey, key);
        keys.push(key);
      }
    }
    return { keys, memberKeys, known, received };
  }

  private readJson(body: Buffer): CheckedBatch {
    // The envelope here; each record on its own line (checkBatch), so a bad one refuses only itself.
    const batch = new FormPipe(BatchForm).transform(parseJsonBody(body));
    return this.checked(batch.records.map((value, i) => ({ line: i + 1, value })));
  }

  private readCsv(body: Buffer, contentType: string): CheckedBatch {
    const charset = /charset=([\w-]+)/i.exec(contentType)?.[1];
    const rows = csvBatchRows(splitCsv(decodeCsv(body, charset)));
    if ('problem' in rows) throw unreadable(rows.problem);
    const checked = this.checked(rows.rows);
    const rejections = [...rows.unreadable, ...checked.rejections].sort((a, b) => a.line - b.line);
    return { ...checked, rejections, total: checked.total + rows.unreadable.length };
  }

  private checked(rows: { line: number; value: unknown }[]): CheckedBatch {
    checkLineCount(
      rows.length,
      MaxBatchRecords,
      [ErrorCodes.batchEmpty, 'the batch has no records'],
      [ErrorCodes.batchTooLarge, `a batch holds at most ${MaxBatchRecords} records`],
    );
    return checkBatch(rows);
  }

  /** The batch row and every record, in one transaction. */
  private async store(
    bureau: SectorBureau,
    batchId: string,
    format: 'csv' | 'json',
    digest: string,
    batch: CheckedBatch,
    households: Households,
    received: Map<string, string>,
  ): Promise<void> {
    await this.batches.store(
      {
        bureau,
        batchId,
        format,
        digest,
        total: batch.total,
        rejected: batch.rejections.length,
        // Whether its alerts wait for the city's triage: decided once, when it is stored.
        triage: this.config.ALERT_TRIAGE === 'city',
      },
      this.records(batch, households, received),
    );
  }

  /**
   * The batch's lines as stored: valid records keyed, the personal data sealed once per household
   * not yet stored (its first line in the batch), and not kept otherwise; refused records with
   * their reason only.
   */
  private *records(
    batch: CheckedBatch,
    { keys, memberKeys, known }: Households,
    received: Map<string, string>,
  ): Generator<BatchRecordRow> {
    const sealed = new Set(known);
    for (const [i, r] of batch.records.entries()) {
      const key = keys[i] as string;
      const memberKey = memberKeys[i] as string;
      const before = received.get(r.alertId);
      // The same text as AlertsRepository.contentsOf's, built there in SQL.
      const same = before === `${key}|${r.villageCode}|${r.triggers.join(',')}`;
      const seal = before === undefined && !sealed.has(key);
      if (seal) sealed.add(key);
      const conflict = before !== undefined && !same;
      yield {
        line: r.line,
        alertId: r.alertId,
        householdKey: key,
        villageCode: r.villageCode,
        triggers: r.triggers,
        incomePerCapita: r.incomePerCapita,
        rigidExpenses: r.rigidExpenses,
        headNameSealed: seal ? this.cipher.encrypt(r.name, PiiFields.headName) : null,
        headResidentIdSealed: seal
          ? this.cipher.encrypt(r.residentId, PiiFields.headResidentId)
          : null,
        headPhoneSealed:
          seal && r.phone !== null ? this.cipher.encrypt(r.phone, PiiFields.headPhone) : null,
        memberKey: seal && memberKey !== key ? memberKey : null,
        problemField: conflict ? 'alertId' : null,
        problemCode: conflict ? ErrorCodes.alertConflict : null,
        problemMessage: conflict ? 'this alertId was received before with other content' : null,
        outcome: before === undefined ? null : same ? 'duplicate' : 'rejected',
      };
    }
    for (const x of batch.rejections) {
      yield {
        line: x.line,
        alertId: x.alertId,
        householdKey: null,
        villageCode: null,
        triggers: null,
        incomePerCapita: null,
        rigidExpenses: null,
        headNameSealed: null,
        headResidentIdSealed: null,
        headPhoneSealed: null,
        memberKey: null,
        problemField: x.field,
        problemCode: x.code,
        problemMessage: x.message,
        outcome: 'rejected',
      };
    }
  }
}
