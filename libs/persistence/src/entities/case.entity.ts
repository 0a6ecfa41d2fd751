import { Column, Entity, PrimaryColumn } from 'typeorm';

export type CaseStatus = 'open' | 'included' | 'excluded';

/** One monitoring period of one household: one run of the household-case workflow. */
@Entity({ name: 'cases' })
export class CaseEntity {
  @PrimaryColumn({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @Column({ name: 'case_id', type: 'text' })
  caseId!: string;

  @Column({ name: 'household_key', type: 'text' })
  householdKey!: string;

  @Column({ name: 'county_code', type: 'char', length: 6 })
  countyCode!: string;

  @Column({ name: 'township_code', type: 'char', length: 9 })
  townshipCode!: string;

  @Column({ name: 'village_code', type: 'char', length: 12 })
  villageCode!: string;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ name: 'policy_version', type: 'text' })
  policyVersion!: string;

  @Column({ type: 'text' })
  status!: CaseStatus;

  @Column({ name: 'household_class', type: 'text', nullable: true })
  householdClass!: string | null;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;
}
