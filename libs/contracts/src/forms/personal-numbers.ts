import { isValidResidentId } from './resident-id';

/** Mainland mobile numbers: 11 digits, 1 then 3–9. */
const MOBILE = /^1[3-9]\d{9}$/;
/** Landlines: area code 0 + 2–3 digits, then a 7–8 digit number, optionally separated by a hyphen. */
const LANDLINE = /^0\d{2,3}-?[2-9]\d{6,7}$/;

/** Removes the separators people type: spaces, and a leading +86 / 86. */
export function normalizePhone(value: string): string {
  const compact = value.trim().replace(/[\s()]/g, '');
  return compact.replace(/^(\+?86)(?=1\d{10}$)/, '');
}

/** A mainland mobile or landline number, after normalisation. */
export function isValidPhone(value: string): boolean {
  const phone = normalizePhone(value);
  return MOBILE.test(phone) || LANDLINE.test(phone);
}

/**
 * True when a text holds a resident ID number or a mobile number standing alone: a valid 18-character
 * GB 11643 number not inside a longer run of digits, or 1[3-9] and nine digits not inside a longer
 * run of letters and digits. Identifiers chosen by callers (alert, batch, declaration ids) travel
 * into workflow state, logs and reports, so one built from a person's number is refused.
 */
export function holdsPersonalNumber(text: string): boolean {
  // Most identifiers hold no run of 11 digits at all: nothing more to look for.
  if (!/\d{11}/.test(text)) return false;
  for (const match of text.matchAll(/(?<!\d)\d{17}[\dXx](?!\d)/g)) {
    if (isValidResidentId(match[0])) return true;
  }
  return /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/.test(text);
}
