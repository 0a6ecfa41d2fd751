import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Queryable } from './database';

/** An entry into the national system, under the key that makes it one per case run and event. */
export interface NationalEntry {
  idempotencyKey: string;
  runId: string;
  event: string;
  entryId: string;
}

/** Who made an entry: the adapter, the city bureau after a refusal, or the township by hand. */
export type NationalEntryKeyedBy = 'adapter' | 'city' | 'township';

/** A run's inclusion entry, as the case file shows it. */
export interface NationalRecordRow {
  entry_id: string;
  keyed_by: NationalEntryKeyedBy;
  keyed_on: string | null;
  entered_at: Date;
}

/** The entries made into the national system (`national_entries`), one per case run and event. */
@Injectable()
export class NationalEntriesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The entry id stored under the key, if any. */
  async find(idempotencyKey: string): Promise<string | undefined> {
    const rows = await this.dataSource.query<{ entry_id: string }[]>(
      `SELECT entry_id FROM national_entries WHERE idempotency_key = $1`,
      [idempotencyKey],
    );
    return rows[0]?.entry_id;
  }

  /** Stores an entry the national system answered; the first one stored under its key stays. */
  async insert(e: NationalEntry): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO national_entries (idempotency_key, run_id, event, entry_id)
       VALUES ($1, $2, $3, $4) ON CONFLICT (idempotency_key) DO NOTHING`,
      [e.idempotencyKey, e.runId, e.event, e.entryId],
    );
  }

  /**
   * Stores an entry keyed in by hand (the township's, or the city bureau's after a refusal), in the
   * transaction of its history step.
   */
  async insertManual(
    e: NationalEntry & {
      keyedBy: Exclude<NationalEntryKeyedBy, 'adapter'>;
      keyedOn: string | null;
    },
    db: Queryable,
  ): Promise<void> {
    await db.query(
      `INSERT INTO national_entries (idempotency_key, run_id, event, entry_id, keyed_by, keyed_on)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [e.idempotencyKey, e.runId, e.event, e.entryId, e.keyedBy, e.keyedOn],
    );
  }

  /** The run's inclusion entry (its national record number), if made. */
  async recordOfRun(runId: string): Promise<NationalRecordRow | undefined> {
    const rows = await this.dataSource.query<NationalRecordRow[]>(
      `SELECT entry_id, keyed_by, to_char(keyed_on, 'YYYY-MM-DD') AS keyed_on, entered_at
       FROM national_entries WHERE run_id = $1 AND event = 'inclusion'`,
      [runId],
    );
    return rows[0];
  }
}
