import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One entry in the national monitoring system, keyed by its idempotency key (run and event). */
@Entity({ name: 'national_entries' })
export class NationalEntryEntity {
  @PrimaryColumn({ name: 'idempotency_key', type: 'text' })
  idempotencyKey!: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @Column({ type: 'text' })
  event!: string;

  @Column({ name: 'entry_id', type: 'text' })
  entryId!: string;

  @Column({ name: 'entered_at', type: 'timestamptz', default: () => 'now()' })
  enteredAt!: Date;
}
