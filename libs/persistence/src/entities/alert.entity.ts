import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A risk alert or declaration as received, stored before any case is started from it. */
@Entity({ name: 'alerts' })
@Unique('alerts_source_alert_id_key', ['source', 'alertId'])
export class AlertEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text' })
  source!: string;

  @Column({ name: 'alert_id', type: 'text' })
  alertId!: string;

  @Column({ name: 'household_key', type: 'text' })
  householdKey!: string;

  @Column({ name: 'village_code', type: 'char', length: 12 })
  villageCode!: string;

  @Column({ type: 'smallint', array: true })
  triggers!: number[];

  /** The workflow the alert was handed to; null until it was handed over. */
  @Column({ name: 'case_id', type: 'text', nullable: true })
  caseId!: string | null;

  @Column({ name: 'dispatched_at', type: 'timestamptz', nullable: true })
  dispatchedAt!: Date | null;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
