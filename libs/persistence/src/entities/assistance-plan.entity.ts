import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The assistance plan (帮扶计划) of one case; its measures come with the full procedure. */
@Entity({ name: 'assistance_plans' })
export class AssistancePlanEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'plan_id' })
  planId!: string;

  @Column({ name: 'run_id', type: 'uuid', unique: true })
  runId!: string;

  @Column({ name: 'case_id', type: 'text' })
  caseId!: string;

  @Column({ name: 'household_class', type: 'text' })
  householdClass!: string;

  @Column({ type: 'text' })
  status!: 'draft';

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
