import { maskPhone, maskResidentId } from './personal-data';

describe('personal data shown to people', () => {
  it('masks a resident ID number to its first 6 and last 4 characters', () => {
    expect(maskResidentId('11010519491231002X')).toBe('110105********002X');
    expect(maskResidentId('123')).toBe('***');
  });

  it('masks a phone number to its first 3 and last 4 digits', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('0439-5221234')).toBe('043****1234');
  });
});
