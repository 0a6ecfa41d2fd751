import { AlertEntity } from './alert.entity';
import { AssistancePlanEntity } from './assistance-plan.entity';
import { CaseEventEntity } from './case-event.entity';
import { CaseEntity } from './case.entity';
import { HouseholdEntity } from './household.entity';
import { NationalEntryEntity } from './national-entry.entity';

export {
  AlertEntity,
  AssistancePlanEntity,
  CaseEntity,
  CaseEventEntity,
  HouseholdEntity,
  NationalEntryEntity,
};

export const entities = [
  AlertEntity,
  AssistancePlanEntity,
  CaseEntity,
  CaseEventEntity,
  HouseholdEntity,
  NationalEntryEntity,
];
