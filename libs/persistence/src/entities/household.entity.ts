import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A household, known by a keyed hash of its head's resident ID number (no personal data in the key).
 * The head's name and ID number are personal data: they stay in PostgreSQL only, never in Temporal.
 */
@Entity({ name: 'households' })
export class HouseholdEntity {
  @PrimaryColumn({ name: 'household_key', type: 'text' })
  householdKey!: string;

  @Column({ name: 'village_code', type: 'char', length: 12 })
  villageCode!: string;

  @Column({ name: 'head_name', type: 'text' })
  headName!: string;

  @Column({ name: 'head_resident_id', type: 'text' })
  headResidentId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
