import { isCode } from './fields';
import { holdsPersonalNumber, isValidPhone, normalizePhone } from './personal-numbers';

describe('phone numbers', () => {
  it.each([
    '13800138000',
    '+86 138 0013 8000',
    '8613800138000',
    '0439-5221234',
    '04395221234',
    '010-62345678',
  ])('accepts %s', (phone) => expect(isValidPhone(phone)).toBe(true));

  it.each([
    '12800138000',
    '1380013800',
    '138001380001',
    'abc',
    '',
    '0439-0221234',
    '+1 415 555 0100',
  ])('refuses %s', (phone) => expect(isValidPhone(phone)).toBe(false));

  it('normalises what people type', () => {
    expect(normalizePhone(' +86 138 0013 8000 ')).toBe('13800138000');
  });
});

describe('identifiers that hold a personal number', () => {
  it.each([
    'health-0-3-220681198906200008',
    'A:11010519491231002X',
    '11010519491231002x',
    'HOTLINE-13800138000',
    '13800138000',
  ])('finds one in %s', (code) => expect(holdsPersonalNumber(code)).toBe(true));

  it.each([
    // A wrong check character, a longer run of digits, a phone inside a hex digest, dates and counts.
    'health-0-3-220681198906200009',
    'B-2206811989062000081',
    'hhab13263275500cd',
    'DEC-20261130-0001',
    'BATCH-2026-11-30T08:00',
    '12345678901',
  ])('finds none in %s', (code) => expect(holdsPersonalNumber(code)).toBe(false));

  it('makes such an identifier no code', () => {
    expect(isCode('ALERT-1')).toBe(true);
    expect(isCode('ALERT-13800138000')).toBe(false);
    expect(isCode('has space')).toBe(false);
  });
});
