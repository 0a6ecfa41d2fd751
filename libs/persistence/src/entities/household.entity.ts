import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A household, known by a keyed hash of its head's resident ID number (no personal data in the key).
 * The head's name, ID number and phone are personal data: they are stored sealed (AES-256-GCM, see
 * PiiCipher) and never leave PostgreSQL for Temporal.
 */
@Entity({ name: 'households' })
export class HouseholdEntity {
  @PrimaryColumn({ name: 'household_key', type: 'text' })
  householdKey!: string;

  @Column({ name: 'village_code', type: 'char', length: 12 })
  villageCode!: string;

  @Column({ name: 'head_name_sealed', type: 'text' })
  headNameSealed!: string;

  @Column({ name: 'head_resident_id_sealed', type: 'text' })
  headResidentIdSealed!: string;

  @Column({ name: 'head_phone_sealed', type: 'text', nullable: true })
  headPhoneSealed!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
