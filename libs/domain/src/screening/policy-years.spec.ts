import { DefaultScreeningPolicy } from './policy';
import {
  figuresYearOf,
  latestPerYear,
  lineOfYear,
  overlappingYear,
  screeningPolicyOfYear,
  withinLineFen,
  yearLines,
  type PolicyYear,
} from './policy-years';
import { screen } from './screen';
import { secureHousehold } from './screening.test-fixtures';

const year = (y: number, revision: number, incomeLine: number, valid?: [string, string]) =>
  ({
    ...DefaultScreeningPolicy,
    version: `${y}-r${revision}`,
    year: y,
    revision,
    incomeLine,
    validFrom: valid?.[0] ?? `${y}-01-01`,
    validUntil: valid?.[1] ?? `${y}-12-31`,
  }) satisfies PolicyYear;

const y2021 = year(2021, 1, 6000);
const y2024 = year(2024, 1, 7000, ['2024-07-01', '2025-06-30']);
const y2024r2 = year(2024, 2, 7200, ['2024-07-01', '2025-06-30']);
const published = [y2021, y2024, y2024r2];

describe('the line of the year the figures are for', () => {
  it('judges figures of 2024 against 2024’s latest revision, and of 2021 against 2021’s', () => {
    expect(screeningPolicyOfYear(published, 2024)).toMatchObject({
      version: '2024-r2',
      incomeLine: 7200,
    });
    expect(screeningPolicyOfYear(published, 2021)).toMatchObject({
      version: '2021-r1',
      incomeLine: 6000,
    });
  });

  it('keeps the last line for a year not yet published, and the plan’s line before any', () => {
    expect(screeningPolicyOfYear(published, 2023).version).toBe('2021-r1');
    expect(screeningPolicyOfYear(published, 2026).version).toBe('2024-r2');
    expect(screeningPolicyOfYear(published, 2020)).toBe(DefaultScreeningPolicy);
    expect(screeningPolicyOfYear([], 2024)).toBe(DefaultScreeningPolicy);
  });

  it('screens the same figures differently under 2021’s and 2024’s lines', () => {
    const f = { ...secureHousehold, incomePerCapita: 6500, lastYearIncomePerCapita: 6500 };
    const under2021 = screen(f, screeningPolicyOfYear(published, 2021));
    const under2024 = screen(f, screeningPolicyOfYear(published, 2024));
    expect(under2021.findings.map((x) => x.rule)).not.toContain('INCOME_BELOW_LINE');
    expect(under2024.findings.map((x) => x.rule)).toContain('INCOME_BELOW_LINE');
    expect(under2024.policyVersion).toBe('2024-r2');
  });

  it('takes the stated year, else the year whose line was in force on the date, else the date’s year', () => {
    expect(figuresYearOf(2021, '2025-03-01', published)).toBe(2021);
    // 2024's line is in force from July 2024 to June 2025.
    expect(figuresYearOf(undefined, '2025-03-01', published)).toBe(2024);
    expect(figuresYearOf(undefined, '2024-06-30', published)).toBe(2024);
    expect(figuresYearOf(undefined, '2021-05-01', published)).toBe(2021);
    expect(figuresYearOf(undefined, '2026-01-10', published)).toBe(2026);
  });

  it('picks a case’s line by year among the lines it keeps, with its own line as the fallback', () => {
    const lines = yearLines(published);
    expect(lines.map((l) => l.version)).toEqual(['2021-r1', '2024-r2']);
    const fallback = { year: 0, incomeLine: 5000, version: 'case' };
    expect(lineOfYear(lines, 2024, fallback).incomeLine).toBe(7200);
    expect(lineOfYear(lines, 2022, fallback).incomeLine).toBe(6000);
    expect(lineOfYear(lines, 2019, fallback)).toBe(fallback);
  });

  it('keeps the latest revision of each year, by year', () => {
    expect(latestPerYear([y2024r2, y2021, y2024]).map((y) => y.version)).toEqual([
      '2021-r1',
      '2024-r2',
    ]);
  });
});

describe('publication checks and what-if thresholds', () => {
  it('finds another year whose validity overlaps, never the same year’s revisions', () => {
    const y2025 = year(2025, 1, 7500, ['2025-06-01', '2026-06-30']);
    expect(overlappingYear(y2025, published)).toBe(2024);
    expect(overlappingYear({ ...y2025, validFrom: '2025-07-01' }, published)).toBeNull();
    expect(
      overlappingYear(year(2024, 3, 7300, ['2024-01-01', '2025-06-30']), published),
    ).toBeNull();
  });

  it('puts households within a draft below its line, or below its band’s top when the band nominates', () => {
    const draft = { incomeLine: 7000, marginalBandPercent: 150, marginalBandNominates: false };
    expect(withinLineFen(draft)).toBe(700_000);
    expect(withinLineFen({ ...draft, marginalBandNominates: true })).toBe(1_050_000);
    expect(
      withinLineFen({ incomeLine: 6001, marginalBandPercent: 133, marginalBandNominates: true }),
    ).toBe(Math.ceil(600_100 * 1.33));
  });
});
