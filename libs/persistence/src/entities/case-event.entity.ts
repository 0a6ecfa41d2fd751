import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The append-only history of a case: every decision and who took it. Temporal's history is not the
 * archive (the dev server keeps closed workflows for a day); this table is. A trigger refuses
 * UPDATE and DELETE.
 */
@Entity({ name: 'case_events' })
export class CaseEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @Column({ name: 'case_id', type: 'text' })
  caseId!: string;

  @Column({ type: 'text' })
  kind!: string;

  /** The task or step this event completes; unique per run, so that a retried activity adds nothing. */
  @Column({ name: 'step_id', type: 'text' })
  stepId!: string;

  @Column({ type: 'text' })
  actor!: string;

  @Column({ type: 'jsonb' })
  detail!: Record<string, unknown>;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;
}
