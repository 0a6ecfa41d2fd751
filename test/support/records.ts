/** What tests send through the ways in: synthetic people's numbers, alerts, figures. */
import { randomBytes, randomInt } from 'node:crypto';

import { AllSecure, residentIdCheckChar } from '@fanpin/contracts';

/** A valid resident ID number, different for every call in a test run. Synthetic, not a person's. */
let serial = randomInt(0, 20_000);
export function newResidentId(): string {
  serial += 1;
  const birth = new Date(Date.UTC(1950, 0, 1) + (serial % 20_000) * 86_400_000);
  const yyyymmdd = birth.toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `220681${yyyymmdd}${String(Math.floor(serial / 20_000) % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** The same number with a check character that does not match: fails GB 11643-1999. */
export function withWrongCheckChar(residentId: string): string {
  const last = residentId.at(-1);
  return residentId.slice(0, 17) + (last === '0' ? '1' : '0');
}

export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

export interface AlertInput {
  alertId?: string;
  bureau?: string;
  villageCode?: string;
  residentId?: string;
  name?: string;
  triggers?: number[];
}

export function alertBody(input: AlertInput = {}): Record<string, unknown> {
  return {
    alertId: input.alertId ?? uniqueId('ALERT'),
    bureau: input.bureau ?? 'health',
    villageCode: input.villageCode ?? '220681001200',
    head: { name: input.name ?? '测试户主', residentId: input.residentId ?? newResidentId() },
    triggers: input.triggers ?? [2],
  };
}

/** 两不愁三保障 and drinking water all secure, as a form carries them. */
export const allSecure = { ...AllSecure };

/** A screening's figures that the rules flag (income below the line, expenses above it, a drop). */
export const riskyFigures = {
  householdSize: 3,
  incomePerCapita: 4200,
  lastYearIncomePerCapita: 7800,
  rigidExpenses: 36000,
  assurances: allSecure,
  labourCapacity: 'partial',
  liftedOutOfPoverty: false,
  events: ['seriousIllness'],
};
