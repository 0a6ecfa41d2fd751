import { execFile } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

import { locateTemporalCli, silentLog } from '@fanpin/devstack';
import { isValidResidentId } from '@fanpin/contracts';

import { TestSystem, newResidentId } from '../support/harness';

const execFileAsync = promisify(execFile);

/** Every valid resident ID number in a text (18 characters, GB 11643-1999 check). */
function residentIdsIn(text: string): string[] {
  return [...text.matchAll(/(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])/g)]
    .map((m) => m[0])
    .filter(isValidResidentId);
}

/**
 * Every mainland mobile number standing alone in a text: not inside a longer run of letters and
 * digits, such as a household key's hex digest (hh…b13263275500c…), which is a hash, not a number
 * anyone dials. The test's own phones are also searched for exactly, wherever they stand.
 */
function phonesIn(text: string): string[] {
  return [...text.matchAll(/(?<![0-9A-Za-z])1[3-9][0-9]{9}(?![0-9A-Za-z])/g)].map((m) => m[0]);
}

/**
 * The text with every base64 string in it decoded and appended: the CLI prints payload data in
 * base64, so a payload in the clear would otherwise slip past the search.
 */
function withBase64Decoded(text: string): string {
  const decoded = [...text.matchAll(/"([A-Za-z0-9+/]{8,}={0,2})"/g)].map((m) =>
    Buffer.from(m[1] ?? '', 'base64').toString('utf8'),
  );
  return [text, ...decoded].join('\n');
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/**
 * Full cases with real-looking personal data, then a search of everything Temporal and the logs hold:
 * histories as `temporal workflow show` prints them, search attributes, and every log line of the run.
 * Not one valid ID number, phone number or name may be there in the clear.
 */
describe('no personal data in Temporal or the logs', () => {
  let t: TestSystem;
  let cli: string;
  const people = Array.from({ length: 4 }, (_, i) => ({
    residentId: newResidentId(),
    name: `测试${'甲乙丙丁'[i]}${Date.now() % 1000}`,
    phone: `139${String(10_000_000 + Math.floor(Math.random() * 89_999_999)).slice(0, 8)}`,
  }));
  const caseIds: string[] = [];

  beforeAll(async () => {
    t = await TestSystem.start('personal-data-leak');
    cli = await locateTemporalCli(silentLog);
    for (const [i, person] of people.entries()) {
      const posted = await t.api<{ caseId: string }>('POST', '/v1/alerts', {
        alertId: `LEAK-${Date.now()}-${i}`,
        bureau: 'health',
        villageCode: '220681100200',
        head: { name: person.name, residentId: person.residentId, phone: person.phone },
        triggers: [2, 5],
      });
      expect(posted.status).toBe(202);
      caseIds.push(posted.body.caseId);
    }
    for (const [i, caseId] of caseIds.entries()) {
      await t.reachCityDetermination(caseId);
      // A refused decision too: its failure travels through Temporal as well (a well-formed form,
      // which the API lets through, of another kind than the task's, which the case refuses).
      const otherKind = await t.api(
        'POST',
        `/v1/cases/${caseId}/tasks/determination-1`,
        { kind: 'manual-national-entry', entryId: 'NM0000000001', enteredOn: '2026-11-30' },
        { role: 'city-bureau', divisionCode: '220681' },
      );
      expect(otherKind).toMatchObject({ status: 400, body: { details: [{ field: 'kind' }] } });
      const decision =
        i % 2 === 0
          ? { include: true, householdClass: 'marginal' }
          : { include: false, reasonCode: 'INCOME_ABOVE_LINE' };
      expect((await t.determine(caseId, decision)).status).toBe(200);
      if (!decision.include) {
        await (await t.client()).workflow.getHandle(caseId).result();
        continue;
      }
      // Included: the assistance plan and a measure carried out, through their activities too.
      await t.waitForCase(caseId, (s) => s.openTask?.taskId === 'assistance-plan-1');
      const plan = {
        kind: 'assistance-plan',
        measures: [
          {
            measureId: 'M-1',
            kind: 'safety-net',
            measureCode: 'MINIMUM_LIVING_ALLOWANCE',
            leadDepartment: 'civil-affairs',
            responsibleDepartments: [],
            dueOn: '2027-06-30',
          },
        ],
        announcedOn: '2026-11-30',
      };
      const city = { role: 'city-bureau' as const, divisionCode: '220681' };
      const civil = {
        role: 'lead-department' as const,
        divisionCode: '220681',
        org: 'civil-affairs',
      };
      const task = `/v1/cases/${caseId}/tasks`;
      expect((await t.api('POST', `${task}/assistance-plan-1`, plan, city)).status).toBe(200);
      await t.waitForCase(caseId, (s) => s.stage === 'MONITORING');
      const done = {
        kind: 'assistance-measure',
        status: 'done',
        percent: 100,
        reportedOn: '2026-12-01',
      };
      expect((await t.api('POST', `${task}/measure-M-1`, done, civil)).status).toBe(200);
      await t.waitForCase(caseId, (s) => !s.openTasks?.length);
    }
  });

  afterAll(async () => {
    await t?.stop();
  });

  const temporal = async (...args: string[]): Promise<string> =>
    (
      await execFileAsync(cli, [...args, '--address', t.temporalAddress, '--output', 'json'], {
        maxBuffer: 64 * 1024 * 1024,
      })
    ).stdout;

  function expectClean(where: string, raw: string): void {
    const text = withBase64Decoded(raw);
    const found = {
      where,
      residentIds: residentIdsIn(text),
      phones: phonesIn(text),
      names: people.map((p) => p.name).filter((name) => text.includes(name)),
      exact: people.flatMap((p) => [p.residentId, p.phone]).filter((value) => text.includes(value)),
    };
    expect(found).toEqual({ where, residentIds: [], phones: [], names: [], exact: [] });
  }

  it('finds none in the workflow histories, as `temporal workflow show` prints them', async () => {
    for (const caseId of caseIds) {
      const history = await temporal('workflow', 'show', '--workflow-id', caseId);
      // Excluded cases have ended; included ones are being monitored, their measure done.
      expect(history).toMatch(/EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED|recordMeasureProgress/);
      expectClean(`history of ${caseId}`, history);
    }
  });

  it('finds none in workflow ids, search attributes or descriptions', async () => {
    const query = `WorkflowId IN (${caseIds.map((id) => `'${id}'`).join(', ')})`;
    const listed = await temporal('workflow', 'list', '--query', query);
    expect(listed).toContain('CaseStage');
    expectClean('workflow list', listed);
    for (const caseId of caseIds) {
      expectClean(
        `describe ${caseId}`,
        await temporal('workflow', 'describe', '--workflow-id', caseId),
      );
    }
  });

  it('finds none in any log line of the run', async () => {
    const logDir = process.env.FANPIN_TEST_LOG_DIR ?? '';
    const files = await filesUnder(logDir);
    expect(files.some((f) => f.endsWith('api.log'))).toBe(true);
    for (const file of files) {
      expectClean(file, await readFile(file, 'utf8'));
    }
  });

  it('lets a supervisor read the histories through the codec endpoint, and no one else', async () => {
    const caseId = caseIds[0] as string;
    const endpoint = `${t.system.services.api.url}/codec`;
    const decoded = async (token: string) =>
      temporal(
        'workflow',
        'show',
        '--workflow-id',
        caseId,
        '--codec-endpoint',
        endpoint,
        '--codec-auth',
        `Bearer ${token}`,
      );
    // Decoded, the payloads read in the clear: the household key and the decision are there, and
    // still no personal data, which never entered Temporal at all.
    const asSupervisor = await decoded(await t.token({ role: 'supervisor' }));
    const readable = withBase64Decoded(asSupervisor);
    expect(readable).toContain('"kind":"city-determination"');
    expect(readable).toContain('"include":true');
    expect(readable).toContain('"householdClass":"marginal"');
    expectClean('decoded history', asSupervisor);
    await expect(
      decoded(await t.token({ role: 'city-bureau', divisionCode: '220681' })),
    ).rejects.toThrow();
  });
});
