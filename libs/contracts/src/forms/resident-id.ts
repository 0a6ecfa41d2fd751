/**
 * Resident identity numbers (公民身份号码) per GB 11643-1999: 6-digit address code, 8-digit birth
 * date, 3-digit sequence, and a check character computed with ISO 7064 MOD 11-2.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const SHAPE = /^\d{17}[\dX]$/;

/** The check character for the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  }
  return CHECK_CHARS[sum % 11] ?? '';
}

/** Upper-cases a trailing x; the only normalisation the standard allows. */
export function normalizeResidentId(value: string): string {
  return value.trim().toUpperCase();
}

function isValidBirthDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1800 || month < 1 || month > 12 || day < 1) {
    return false;
  }
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** True when the value is a well-formed 18-character number with a valid birth date and check. */
export function isValidResidentId(value: string): boolean {
  const id = normalizeResidentId(value);
  if (!SHAPE.test(id) || !isValidBirthDate(id.slice(6, 14))) {
    return false;
  }
  return residentIdCheckChar(id.slice(0, 17)) === id[17];
}
