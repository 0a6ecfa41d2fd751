import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { heartbeat } from '@temporalio/activity';
import { Client, Connection } from '@temporalio/client';

import {
  WorkflowTypes,
  caseSignalWithStart,
  type AlertRef,
  type BatchActivities,
  type BatchRef,
  type DispatchBatchCommand,
  type DispatchBatchResult,
  type HouseholdCaseInput,
  type PreparedBatch,
} from '@fanpin/contracts';
import { divisionsOfVillage } from '@fanpin/domain';
import { AlertBatchesRepository } from '@fanpin/persistence';
import {
  clientConnectionOptions,
  CommandSigner,
  clientInterceptors,
  payloadCodecKeys,
  temporalAccess,
  temporalDataConverter,
  whileHeartbeating,
  type ConfigOf,
} from '@fanpin/platform';
import type { temporalSettings } from '@fanpin/platform';

/** How many Signal-With-Starts one dispatching activity keeps in flight. */
const IN_FLIGHT = 32;

/** A Temporal client for the intake service, closed on shutdown. */
@Injectable()
export class IntakeTemporalClient implements OnApplicationShutdown {
  private client?: Promise<Client>;

  constructor(private readonly config: ConfigOf<typeof temporalSettings>) {}

  get(): Promise<Client> {
    this.client ??= Connection.connect(
      clientConnectionOptions(temporalAccess(this.config, 'intake')),
    ).then((connection) => {
      const dataConverter = temporalDataConverter(payloadCodecKeys(this.config));
      return new Client({
        connection,
        namespace: this.config.TEMPORAL_NAMESPACE,
        dataConverter,
        // The activity's correlation id (and trace) goes on to the cases it starts or signals.
        interceptors: clientInterceptors(dataConverter),
      });
    });
    return this.client;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.client) await (await this.client).connection.close();
  }
}

/**
 * Bureau batches, set-based: one statement stores the households, one the alerts, one classifies
 * every record (new case, attached to the household's case, duplicate of an alert received before,
 * or a conflicting resend). Only the households that need a case or an attached alert then reach
 * Temporal, a chunk at a time with a bounded number of Signal-With-Starts in flight: the same
 * household from several bureaus at once still has one workflow, as the workflow id is its key.
 */
@Injectable()
export class BatchActivitiesService {
  private readonly logger = new Logger('batches');

  constructor(
    private readonly batches: AlertBatchesRepository,
    private readonly temporal: IntakeTemporalClient,
    private readonly signer: CommandSigner,
  ) {}

  activities(): BatchActivities {
    return {
      // One transaction of set-based statements, seconds for a large batch: heartbeats meanwhile.
      prepareBatch: (ref) => whileHeartbeating(() => this.prepareBatch(ref)),
      dispatchBatch: (command) => this.dispatchBatch(command),
      finishBatch: (ref) => this.finishBatch(ref),
    };
  }

  /** Idempotent: a second run finds households and alerts stored and outcomes set. */
  async prepareBatch(ref: BatchRef): Promise<PreparedBatch> {
    const started = performance.now();
    await this.batches.prepare(ref.bureau, ref.batchId);
    const counts = await this.batches.counts(ref.bureau, ref.batchId);
    this.logger.log(
      `batch ${ref.bureau}/${ref.batchId} prepared in ${Math.round(performance.now() - started)} ms`,
    );
    return {
      rejected: counts?.rejected ?? 0,
      duplicates: counts?.duplicates ?? 0,
      newCases: counts?.new_cases ?? 0,
      attached: counts?.attached ?? 0,
    };
  }

  /**
   * The next chunk after `afterLine`: each alert to its household's case, then marked dispatched.
   * Records waiting for the city's triage are passed over; a run started for a confirmation (with
   * `afterLine` 0) hands over those the city confirmed.
   */
  async dispatchBatch(c: DispatchBatchCommand): Promise<DispatchBatchResult> {
    const rows = await this.batches.dispatchable(c.bureau, c.batchId, c.afterLine, c.limit);
    const client = await this.temporal.get();
    let next = 0;
    let done = 0;
    const caseIds = new Map<number, string>();
    const work = async (): Promise<void> => {
      while (next < rows.length) {
        const row = rows[next++]!;
        const divisions = divisionsOfVillage(row.village_code);
        if (!divisions) throw new Error('a stored record has an unknown village');
        const input: HouseholdCaseInput = {
          householdKey: row.household_key,
          divisions,
          channel: 'bureau-alert',
          policy: c.policy,
          // The batch's receipt, or the city's confirmation of a triaged record: the village can
          // act from then on, so its deadlines count from then.
          receivedAt: row.received_at.toISOString(),
        };
        const alert: AlertRef = { alertId: row.alert_id, source: c.bureau, triggers: row.triggers };
        const options = caseSignalWithStart(input, alert, (caseId, message, command) =>
          this.signer.sign(caseId, message, command),
        );
        await client.workflow.signalWithStart(WorkflowTypes.householdCase, options);
        caseIds.set(row.line, options.workflowId);
        if (++done % 200 === 0) heartbeat(done);
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, rows.length) }, work));
    const lines = rows.map((r) => r.line);
    if (lines.length > 0) await this.batches.markDispatched(c.bureau, c.batchId, lines);
    return {
      dispatched: lines.length,
      lastLine: lines.at(-1) ?? c.afterLine,
      done: rows.length < c.limit,
    };
  }

  async finishBatch(ref: BatchRef): Promise<void> {
    await this.batches.finish(ref.bureau, ref.batchId);
    this.logger.log(`batch ${ref.bureau}/${ref.batchId} done`);
  }
}
