import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An assistance plan (帮扶计划) of one case: its measures are in `assistance_measures`. */
@Entity({ name: 'assistance_plans' })
export class AssistancePlanEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'plan_id' })
  planId!: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId!: string;

  /** 1 for the plan made at inclusion, then one more after each rolled-back elimination. */
  @Column({ name: 'plan_no', type: 'int', default: 1 })
  planNo!: number;

  @Column({ name: 'announced_on', type: 'date', nullable: true })
  announcedOn!: string | null;

  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'case_id', type: 'text' })
  caseId!: string;

  @Column({ name: 'household_class', type: 'text' })
  householdClass!: string;

  @Column({ type: 'text' })
  status!: 'draft' | 'adopted';

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
