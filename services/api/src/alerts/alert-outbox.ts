import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

import { divisionsOfVillage } from '@fanpin/domain';
import { AlertsRepository, Transactions } from '@fanpin/persistence';

import { API_CONFIG, type ApiConfig } from '../settings';
import { BatchesService } from '../batches/batches.service';
import { AlertDispatcher } from './alert-dispatcher';

const BATCH = 100;

/**
 * Alerts are stored before they reach Temporal. Those whose hand-over failed (Temporal down, the API
 * killed in between) are handed over again from here, so that nothing accepted is lost.
 */
@Injectable()
export class AlertOutbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AlertOutbox.name);
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;

  constructor(
    private readonly alerts: AlertsRepository,
    private readonly transactions: Transactions,
    private readonly dispatcher: AlertDispatcher,
    private readonly batches: BatchesService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.soon(), this.config.OUTBOX_INTERVAL_MS);
  }

  /**
   * Sweeps now unless a sweep runs (then the next interval's does): after the city confirmed
   * triaged alerts, which nothing else hands over. Sweeps again while a sweep finds a full batch.
   */
  soon(): void {
    this.sweeping ??= (async () => {
      let handed = BATCH;
      while (handed === BATCH) handed = await this.sweep();
    })()
      .catch((error: unknown) =>
        this.logger.warn(`outbox sweep failed: ${error instanceof Error ? error.name : 'error'}`),
      )
      .finally(() => (this.sweeping = undefined));
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /**
   * Hands over alerts older than one interval that are still undispatched, and triaged ones the
   * city confirmed; returns how many.
   */
  async sweep(): Promise<number> {
    const handed = await this.transactions.run(async (db) => {
      const rows = await this.alerts.lockPending(this.config.OUTBOX_INTERVAL_MS, BATCH, db);
      for (const row of rows) {
        const divisions = divisionsOfVillage(row.village_code);
        if (!divisions) continue;
        await this.dispatcher.dispatch(
          {
            id: row.id,
            householdKey: row.household_key,
            divisions,
            alert: { alertId: row.alert_id, source: row.source, triggers: row.triggers },
            receivedAt: row.received_at.toISOString(),
            channel:
              row.source === 'self-declaration' || row.source === 'cadre-screening'
                ? row.source
                : 'bureau-alert',
          },
          db,
        );
      }
      if (rows.length > 0) this.logger.log(`outbox handed over ${rows.length} alert(s)`);
      return rows.length;
    });
    // Batches stored whose processing did not start (the API died in between) start now.
    const started = await this.batches.resumeStalled(this.config.OUTBOX_INTERVAL_MS);
    if (started > 0) this.logger.log(`outbox started ${started} stalled batch(es)`);
    const confirmed = await this.batches.resumeConfirmed(this.config.OUTBOX_INTERVAL_MS);
    if (confirmed > 0) this.logger.log(`outbox handed over ${confirmed} triage confirmation(s)`);
    return handed;
  }
}
