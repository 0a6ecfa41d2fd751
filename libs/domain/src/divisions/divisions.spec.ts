import { allDivisions, divisionsOfVillage, findDivision } from './divisions';

describe('divisions of 临江市', () => {
  it('holds the city, its 13 townships and 92 villages', () => {
    const levels = allDivisions().map((d) => d.level);
    expect(levels.filter((l) => l === 'county')).toHaveLength(1);
    expect(levels.filter((l) => l === 'township')).toHaveLength(13);
    expect(levels.filter((l) => l === 'village')).toHaveLength(92);
  });

  it('derives township and county codes from a village code', () => {
    expect(divisionsOfVillage('220681001200')).toEqual({
      countyCode: '220681',
      townshipCode: '220681001',
      villageCode: '220681001200',
    });
    expect(findDivision('220681001200')?.name).toBe('台兴村');
  });

  it('refuses unknown codes and codes of the wrong level', () => {
    expect(divisionsOfVillage('220681001999')).toBeUndefined();
    expect(divisionsOfVillage('220681001')).toBeUndefined();
    expect(divisionsOfVillage('')).toBeUndefined();
  });
});
