import type { Actor } from '@fanpin/contracts';
import type { AssessmentRepository, AssessmentRows, ReadScope } from '@fanpin/persistence';

import { assessmentTables } from './assessment-file';
import { AssessmentService } from './assessment.service';

const rows: AssessmentRows = {
  screenings: [{ township_code: '220681103', households_screened: 4, screenings_at_risk: 1 }],
  found: [
    {
      township_code: '220681103',
      total: 3,
      self_declaration: 1,
      cadre_screening: 1,
      bureau_alert: 1,
    },
    {
      township_code: '220681105',
      total: 2,
      self_declaration: 0,
      cadre_screening: 0,
      bureau_alert: 2,
    },
  ],
  tasks: [
    {
      township_code: '220681105',
      identified_on_time: 0,
      identified_late: 1,
      visits_on_time: 1,
      visits_late: 1,
      measures_on_time: 1,
      measures_late: 0,
      overdue_village: 1,
      overdue_township: 1,
      overdue_city: 1,
      overdue_department: 0,
    },
  ],
};

/** The service over rows as the repository answers them, and the scope it was asked with. */
function serviceOver(answer: AssessmentRows) {
  const asked: ReadScope[] = [];
  const repository = {
    figures: (scope: ReadScope) => {
      asked.push(scope);
      return Promise.resolve(answer);
    },
  } as unknown as AssessmentRepository;
  return { service: new AssessmentService(repository), asked };
}

const supervisor: Actor = { id: 'sup', role: 'supervisor' } as Actor;
const officer: Actor = { id: 'off', role: 'township-officer', divisionCode: '220681103' } as Actor;
const period = { from: '2026-12-01', to: '2026-12-31' };

describe('AssessmentService', () => {
  it('lists every township of the city, zeros where nothing happened, and sums them', async () => {
    const { service, asked } = serviceOver(rows);
    const a = await service.figures(supervisor, period);
    expect(asked).toEqual([null]);
    expect(a.townships).toHaveLength(13);
    expect(a.townships.map((r) => r.townshipCode)).toEqual(
      [...a.townships.map((r) => r.townshipCode)].sort(),
    );
    expect(a.townships.find((r) => r.townshipCode === '220681001')).toMatchObject({
      householdsScreened: 0,
      householdsFound: { total: 0 },
      overdueTasks: { village: 0, township: 0, city: 0, department: 0 },
    });
    expect(a.townships.find((r) => r.townshipCode === '220681103')).toMatchObject({
      householdsScreened: 4,
      screeningsAtRisk: 1,
      householdsFound: { total: 3, selfDeclaration: 1, cadreScreening: 1, bureauAlert: 1 },
      identified: { onTime: 0, late: 0 },
    });
    expect(a.total).toEqual({
      householdsScreened: 4,
      screeningsAtRisk: 1,
      householdsFound: { total: 5, selfDeclaration: 1, cadreScreening: 1, bureauAlert: 3 },
      identified: { onTime: 0, late: 1 },
      overdueTasks: { village: 1, township: 1, city: 1, department: 0 },
      visits: { onTime: 1, late: 1 },
      measures: { onTime: 1, late: 0 },
    });
  });

  it('gives a township officer its own township, asked by its scope', async () => {
    const { service, asked } = serviceOver({ ...rows, found: [rows.found[0]!], tasks: [] });
    const a = await service.figures(officer, period);
    expect(asked).toEqual([{ column: 'township_code', code: '220681103' }]);
    expect(a.townships.map((r) => r.townshipCode)).toEqual(['220681103']);
    expect(a.total.householdsFound.total).toBe(3);
  });

  it('refuses a period whose end comes before its start, before asking the database', async () => {
    const { service, asked } = serviceOver(rows);
    await expect(
      service.figures(supervisor, { from: '2026-12-02', to: '2026-12-01' }),
    ).rejects.toMatchObject({ code: 'INPUT.INVALID', status: 400 });
    expect(asked).toEqual([]);
  });

  it('renders the sheet and the CSV from one table: same headers, same lines, the total last', async () => {
    const { service } = serviceOver({ ...rows, found: [rows.found[0]!], tasks: [] });
    const tables = assessmentTables(await service.figures(officer, period));
    const [sheet] = tables.sheets;
    expect(sheet?.columns.map((c) => c.header)).toEqual(tables.csv.header);
    expect(sheet?.rows).toEqual(tables.csv.rows);
    expect(tables.csv.rows.map((r) => r.slice(0, 5))).toEqual([
      ['220681103', '花山镇', 4, 1, 3],
      ['合计', '', 4, 1, 3],
    ]);
    expect(sheet?.caption?.[1]).toBe('考核期：2026-12-01 至 2026-12-31（北京时间）');
  });
});
