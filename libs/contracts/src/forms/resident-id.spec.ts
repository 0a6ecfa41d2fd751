import { isValidResidentId, normalizeResidentId, residentIdCheckChar } from './resident-id';

describe('GB 11643-1999 resident ID numbers', () => {
  // The standard's own examples (GB 11643-1999, Appendix A).
  const standardExamples = ['11010519491231002X', '440524188001010014'];

  it.each(standardExamples)('accepts the standard example %s', (id) => {
    expect(isValidResidentId(id)).toBe(true);
  });

  it('computes the check characters of the standard examples', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('44052418800101001')).toBe('4');
  });

  it('accepts a lower-case x and normalises it', () => {
    expect(isValidResidentId('11010519491231002x')).toBe(true);
    expect(normalizeResidentId(' 11010519491231002x ')).toBe('11010519491231002X');
  });

  it.each(standardExamples)('refuses every single-character error of %s', (id) => {
    const alphabet = '0123456789X';
    for (let position = 0; position < id.length; position++) {
      for (const replacement of alphabet) {
        if (replacement === id[position]) continue;
        const wrong = id.slice(0, position) + replacement + id.slice(position + 1);
        expect({ wrong, valid: isValidResidentId(wrong) }).toEqual({ wrong, valid: false });
      }
    }
  });

  it('refuses wrong shapes and impossible birth dates', () => {
    expect(isValidResidentId('')).toBe(false);
    expect(isValidResidentId('1101051949123100')).toBe(false);
    expect(isValidResidentId('110105194912310021X')).toBe(false);
    const feb30 = '22068119900230001';
    expect(isValidResidentId(feb30 + residentIdCheckChar(feb30))).toBe(false);
  });
});
