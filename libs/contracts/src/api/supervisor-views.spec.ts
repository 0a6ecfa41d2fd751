import { CaseSearchAttributes } from '../search-attributes';
import { SupervisorViewAttributes, SupervisorViews, supervisorViewUrl } from './supervisor-views';

describe('supervisors’ saved views', () => {
  it('ask the search attributes the cases set, by their registered names', () => {
    for (const [key, name] of Object.entries(SupervisorViewAttributes)) {
      expect(CaseSearchAttributes[key as keyof typeof SupervisorViewAttributes].name).toBe(name);
    }
  });

  it('narrow to one township by its code, and nothing but digits reaches the query', () => {
    const overdue = SupervisorViews.find((v) => v.id === 'overdue')!;
    expect(overdue.query('220681200')).toBe(
      "WorkflowType = 'householdCase' AND ExecutionStatus = 'Running' AND Overdue = true AND TownshipCode = '220681200'",
    );
    expect(overdue.query("2206' OR '1'='1")).toContain("TownshipCode = '220611'");
  });

  it('open the Web UI’s workflow list with the query', () => {
    const view = SupervisorViews.find((v) => v.id === 'waiting-at-city')!;
    const url = new URL(supervisorViewUrl('http://127.0.0.1:3000/temporal-ui/', 'default', view));
    expect(url.pathname).toBe('/temporal-ui/namespaces/default/workflows');
    expect(url.searchParams.get('query')).toBe(view.query());
  });
});
