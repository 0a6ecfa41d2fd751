import { randomBytes } from 'node:crypto';

import type { Actor } from '@fanpin/contracts';
import { PiiCipher, PiiFields } from '@fanpin/persistence';

import { UnreadableResidentId, headDisplay } from './household-display';

const key = () => randomBytes(32).toString('base64url');
const cadre: Actor = {
  id: 'cadre-1',
  role: 'village-cadre',
  divisionCode: '220681100200',
  org: null,
  householdKey: null,
};
const department: Actor = { ...cadre, id: 'dept-1', role: 'lead-department', org: 'health' };

describe('headDisplay', () => {
  const cipher = new PiiCipher(key());
  const row = {
    head_name_sealed: cipher.encrypt('张三', PiiFields.headName),
    head_resident_id_sealed: cipher.encrypt('11010519491231002X', PiiFields.headResidentId),
  };

  it('names the head to roles that read households, the number always masked', () => {
    expect(headDisplay(cipher, cadre, row)).toEqual({
      headName: '张三',
      residentIdMasked: '110105********002X',
    });
    expect(headDisplay(cipher, department, row)).toEqual({
      residentIdMasked: '110105********002X',
    });
  });

  it('shows a row sealed under another key masked, without failing the list', () => {
    const other = new PiiCipher(key());
    expect(headDisplay(other, cadre, row)).toEqual({ residentIdMasked: UnreadableResidentId });
  });
});
