import { randomBytes } from 'node:crypto';

import { PiiCipher, PiiFields } from './pii-cipher';
import { openDetail, sealDetail } from './sealed-detail';

describe('sealDetail', () => {
  const cipher = new PiiCipher(randomBytes(32).toString('base64url'));
  const verification = {
    kind: 'village-verification',
    outcome: 'nominate',
    incomePerCapita: 4200,
    lastYearIncomePerCapita: 7800,
    rigidExpenses: 36000,
    assurances: { food: 'secure', medical: 'insecure' },
    labourCapacity: 'partial',
    triggers: [2],
  };

  it('keeps codes readable and seals means and health, which only the key opens again', () => {
    const stored = sealDetail(cipher, PiiFields.caseFigures, verification);
    expect(Object.keys(stored).sort()).toEqual(['kind', 'outcome', 'sealed', 'triggers']);
    const text = JSON.stringify(stored);
    for (const figure of ['4200', '7800', '36000', 'insecure', 'partial']) {
      expect(text).not.toContain(figure);
    }
    expect(openDetail(cipher, PiiFields.caseFigures, stored)).toEqual(verification);
    // Bound to its column: the same value copied into a screening does not open.
    expect(() => openDetail(cipher, PiiFields.screeningFigures, stored)).toThrow();
  });

  it('leaves a detail without figures as it is', () => {
    const decision = { kind: 'city-determination', include: false, reasonCode: 'NO_RISK' };
    expect(sealDetail(cipher, PiiFields.caseFigures, decision)).toEqual(decision);
    expect(openDetail(cipher, PiiFields.caseFigures, decision)).toEqual(decision);
  });
});
