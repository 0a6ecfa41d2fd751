import { isValidPhone, maskPhone, maskResidentId, normalizePhone } from './personal-data';

describe('personal data shown to people', () => {
  it('masks a resident ID number to its first 6 and last 4 characters', () => {
    expect(maskResidentId('11010519491231002X')).toBe('110105********002X');
    expect(maskResidentId('123')).toBe('***');
  });

  it('masks a phone number to its first 3 and last 4 digits', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('0439-5221234')).toBe('043****1234');
  });

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
