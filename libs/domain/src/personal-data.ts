/**
 * Personal data shown to people: masked by default. A resident ID number keeps its first 6 (the
 * address code) and last 4 characters; a phone number its first 3 and last 4 digits.
 */
export function maskResidentId(residentId: string): string {
  if (residentId.length < 10) return '*'.repeat(residentId.length);
  return `${residentId.slice(0, 6)}${'*'.repeat(residentId.length - 10)}${residentId.slice(-4)}`;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}
