import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';

import type { AuditPage, MemberChanged, MemberChanges, MembersView } from '@fanpin/contracts';

import { cadreOf, committeeOf, healthBureau, type AccountSpec } from '../support/accounts';
import { suiteSystem } from '../support/harness';
import { newResidentId, riskyFigures, uniqueId, withWrongCheckChar } from '../support/records';
import { personalDataIn } from '../support/personal-data-scan';

/**
 * Families, not a head's ID number (以家庭为单位): a household has members, the head among them. A
 * bureau's alert, a declaration or a screening naming any current member finds the member's
 * household and its one case, never a second household. Members join and leave through audited
 * changes, a person belongs to one household at a time, and their personal data is shown only to
 * those allowed to see it and never written to a log.
 */
describe('families: a household and its members', () => {
  const t = suiteSystem('families');
  const village = '220681002200';
  const otherVillage = '220681002201';
  const cadre = cadreOf(village);
  const committee = committeeOf(village);
  const supervisor: AccountSpec = { role: 'supervisor' };
  const outsider = cadreOf(otherVillage);
  const person = (name: string) => ({ name, residentId: newResidentId() });
  const head = person('韩德胜');
  const spouse = person('韩刘氏');
  const child = person('韩小禾');
  const newborn = person('韩满月');
  const grandfather = person('韩老根');
  const splitter = person('韩自立');
  const otherHead = person('邻户主');
  const everyone = [head, spouse, child, newborn, grandfather, splitter, otherHead];
  let householdKey: string;
  let caseId: string;
  const memberIds: Record<string, string> = {};

  const households = () => t.count('SELECT 1 FROM households');
  const members = (key = householdKey, as: AccountSpec = cadre) =>
    t.api<MembersView & { code?: string }>('GET', `/v1/households/${key}/members`, undefined, as);
  const changes = (key = householdKey) =>
    t.api<MemberChanges>('GET', `/v1/households/${key}/members/changes`, undefined, cadre);

  async function join(
    who: { name: string; residentId: string },
    extra: Record<string, unknown>,
    key = householdKey,
  ) {
    return t.api<MemberChanged & { code?: string }>(
      'POST',
      `/v1/households/${key}/members`,
      { ...who, joinedOn: '2026-11-20', ...extra },
      cadre,
    );
  }

  async function leave(memberId: string, body: Record<string, unknown>, key = householdKey) {
    return t.api<MemberChanged & { code?: string }>(
      'POST',
      `/v1/households/${key}/members/${memberId}/leave`,
      body,
      cadre,
    );
  }

  async function alert(who: { name: string; residentId: string }, triggers = [2]) {
    const alertId = uniqueId('FAM');
    const posted = await t.api<{ caseId: string; status: string; code?: string }>(
      'POST',
      '/v1/alerts',
      { alertId, bureau: 'health', villageCode: village, head: who, triggers },
      healthBureau,
    );
    return { alertId, ...posted };
  }

  beforeAll(async () => {
    // A known household: the bureau reports its head, the case opens; the village records the
    // spouse (by marriage, with a chronic illness) and a child at school.
    const first = await alert(head);
    expect(first).toMatchObject({ status: 202, body: { status: 'dispatched' } });
    caseId = first.body.caseId;
    householdKey = caseId.replace(/^case-/, '');
    await t.waitForCase(caseId, (s) => s.stage === 'VILLAGE_VERIFICATION');
    const married = await join(spouse, {
      relation: 'spouse',
      reasonCode: 'marriage',
      conditions: ['chronic-illness'],
    });
    expect(married).toMatchObject({ status: 200, body: { status: 'recorded', memberCount: 2 } });
    const schooled = await join(child, {
      relation: 'child',
      reasonCode: 'birth',
      joinedOn: '2012-03-04',
      conditions: ['student'],
    });
    expect(schooled).toMatchObject({ status: 200, body: { status: 'recorded', memberCount: 3 } });
    memberIds.spouse = married.body.memberId;
    memberIds.child = schooled.body.memberId;
  });

  it('lists a known household’s three members, the head first, and counts them in the household', async () => {
    const listed = await members();
    expect(listed.status).toBe(200);
    expect(listed.body.memberCount).toBe(3);
    expect(listed.body.members.map((m) => [m.relation, m.name, m.joinedReason])).toEqual([
      ['head', head.name, 'registered'],
      ['spouse', spouse.name, 'marriage'],
      ['child', child.name, 'birth'],
    ]);
    memberIds.head = listed.body.members[0]!.memberId;
    expect(listed.body.members[1]).toMatchObject({
      residentId: `${spouse.residentId.slice(0, 6)}********${spouse.residentId.slice(-4)}`,
      conditions: ['chronic-illness'],
      joinedOn: '2026-11-20',
    });
    const view = await t.api('GET', `/v1/households/${householdKey}`, undefined, cadre);
    expect(view).toMatchObject({ status: 200, body: { memberCount: 3 } });
  });

  it('joins a bureau alert naming a member who is not the head to the household’s case, with no second household', async () => {
    const before = await households();
    const about = await alert(spouse, [2, 5]);
    expect(about).toMatchObject({ status: 202, body: { caseId, status: 'dispatched' } });
    await t.waitForCase(caseId, (s) => s.alertIds.includes(about.alertId));
    expect(await households()).toBe(before);
    const { rows } = await t.db.query<{ household_key: string; case_id: string }>(
      `SELECT household_key, case_id FROM alerts WHERE source = 'health' AND alert_id = $1`,
      [about.alertId],
    );
    expect(rows).toEqual([{ household_key: householdKey, case_id: caseId }]);
    // Sent again, it changes nothing.
    const again = await t.api(
      'POST',
      '/v1/alerts',
      {
        alertId: about.alertId,
        bureau: 'health',
        villageCode: village,
        head: spouse,
        triggers: [5, 2],
      },
      healthBureau,
    );
    expect(again).toMatchObject({ status: 200, body: { caseId, status: 'duplicate' } });
    expect(await households()).toBe(before);
  });

  it('finds the household of a member named by a declaration, a screening, or the household’s own app', async () => {
    const before = await households();
    const declared = await t.api<{ caseId: string }>(
      'POST',
      '/v1/declarations',
      {
        declarationId: uniqueId('FAMD'),
        channel: 'hotline-12317',
        villageCode: village,
        head: child,
        triggers: [2],
      },
      cadre,
    );
    expect(declared).toMatchObject({ status: 202, body: { caseId } });
    // The household's own account declares naming the spouse: its own household, so allowed.
    const own = await t.api<{ caseId: string }>(
      'POST',
      '/v1/declarations',
      {
        declarationId: uniqueId('FAMA'),
        channel: 'app',
        villageCode: village,
        head: spouse,
        triggers: [5],
      },
      { role: 'household', householdKey },
    );
    expect(own).toMatchObject({ status: 202, body: { caseId } });
    const screeningId = uniqueId('FAMS');
    const screened = await t.api<{ receipt: { caseId: string } }>(
      'POST',
      '/v1/screenings',
      { screeningId, villageCode: village, head: child, figures: riskyFigures, decision: 'report' },
      cadre,
    );
    expect(screened).toMatchObject({ status: 202, body: { receipt: { caseId } } });
    const { rows } = await t.db.query<{ household_key: string }>(
      'SELECT household_key FROM screenings WHERE screening_id = $1',
      [screeningId],
    );
    expect(rows).toEqual([{ household_key: householdKey }]);
    expect(await households()).toBe(before);
  });

  it('records a birth and a death with who, when and why, in order, in the history and the audit log', async () => {
    const born = await join(newborn, { relation: 'grandchild', reasonCode: 'birth' });
    expect(born).toMatchObject({ status: 200, body: { status: 'recorded', memberCount: 4 } });
    const id = born.body.memberId;
    // The same join again changes nothing.
    const again = await join(newborn, { relation: 'grandchild', reasonCode: 'birth' });
    expect(again).toMatchObject({
      status: 200,
      body: { memberId: id, status: 'already', memberCount: 4 },
    });
    const died = await leave(id, { reasonCode: 'death', leftOn: '2026-12-01' });
    expect(died).toMatchObject({ status: 200, body: { status: 'recorded', memberCount: 3 } });
    expect((await leave(id, { reasonCode: 'death', leftOn: '2026-12-01' })).body).toMatchObject({
      status: 'already',
    });
    expect(await leave(id, { reasonCode: 'moved-out', leftOn: '2026-12-02' })).toMatchObject({
      status: 409,
      body: { code: 'MEMBER.ALREADY_LEFT' },
    });
    expect((await members()).body.members.map((m) => m.memberId)).not.toContain(id);

    const history = (await changes()).body.changes;
    const cadreId = history.find((c) => c.memberId === memberIds.spouse)!.recordedBy;
    expect(history.filter((c) => c.memberId === id)).toEqual([
      expect.objectContaining({ change: 'joined', reasonCode: 'birth', on: '2026-11-20' }),
      expect.objectContaining({
        change: 'left',
        reasonCode: 'death',
        on: '2026-12-01',
        recordedBy: cadreId,
      }),
    ]);
    expect(history[0]).toMatchObject({
      memberId: memberIds.head,
      change: 'joined',
      reasonCode: 'registered',
      recordedBy: 'health',
    });
    const at = history.map((c) => c.recordedAt);
    expect([...at].sort()).toEqual(at);

    const audit = await t.api<AuditPage>(
      'GET',
      `/v1/audit?target=${householdKey}&limit=50`,
      undefined,
      supervisor,
    );
    expect(audit.status).toBe(200);
    const trail = audit.body.entries
      .filter((e) => e.kind.startsWith('household.member-') && e.reason?.startsWith(`${id} `))
      .reverse();
    expect(trail).toEqual([
      expect.objectContaining({
        kind: 'household.member-joined',
        reason: `${id} birth`,
        actorId: cadreId,
        outcome: 'ok',
      }),
      expect.objectContaining({
        kind: 'household.member-left',
        reason: `${id} death`,
        actorId: cadreId,
        outcome: 'ok',
      }),
    ]);
  });

  it('keeps a person in one household at a time: 409 MEMBER.IN_OTHER_HOUSEHOLD', async () => {
    const neighbour = await alert({ ...otherHead });
    expect(neighbour.status).toBe(202);
    const neighbourKey = neighbour.body.caseId.replace(/^case-/, '');
    expect(neighbourKey).not.toBe(householdKey);
    const before = (await members()).body.memberCount;
    // The spouse, a member here, cannot join the neighbours; nor the neighbours' head here.
    const twice = await join(spouse, { relation: 'spouse', reasonCode: 'marriage' }, neighbourKey);
    expect(twice).toMatchObject({ status: 409, body: { code: 'MEMBER.IN_OTHER_HOUSEHOLD' } });
    expect(JSON.stringify(twice.body)).not.toContain(householdKey);
    const head2 = await join(otherHead, { relation: 'other', reasonCode: 'moved-in' });
    expect(head2).toMatchObject({ status: 409, body: { code: 'MEMBER.IN_OTHER_HOUSEHOLD' } });
    expect((await members()).body.memberCount).toBe(before);
    expect((await members(neighbourKey)).body.memberCount).toBe(1);
    expect(
      await t.count(
        'SELECT 1 FROM household_members WHERE household_key = $1 AND left_on IS NULL',
        [neighbourKey],
      ),
    ).toBe(1);
    // Bad input: an ID number that fails its check, a reason the form does not know, a head.
    const badId = { ...grandfather, residentId: withWrongCheckChar(grandfather.residentId) };
    expect(await join(badId, { relation: 'parent', reasonCode: 'moved-in' })).toMatchObject({
      status: 422,
      body: { code: 'RESIDENT_ID.INVALID' },
    });
    const badForm = await join(grandfather, { relation: 'head', reasonCode: 'registered' });
    expect(badForm.status).toBe(400);
    expect(badForm.body).toMatchObject({ code: 'INPUT.INVALID' });
  });

  it('lets the head leave only with a new head named, and keeps the household’s key', async () => {
    expect(
      await leave(memberIds.head!, { reasonCode: 'death', leftOn: '2026-12-03' }),
    ).toMatchObject({ status: 422, body: { code: 'MEMBER.NEW_HEAD_NEEDED' } });
    const grand = await join(grandfather, {
      relation: 'parent',
      reasonCode: 'moved-in',
      conditions: ['disabled-elderly'],
    });
    expect(grand.status).toBe(200);
    const died = await leave(memberIds.head!, {
      reasonCode: 'death',
      leftOn: '2026-12-03',
      newHeadMemberId: memberIds.spouse,
    });
    expect(died).toMatchObject({
      status: 200,
      body: { householdKey, newHeadMemberId: memberIds.spouse, memberCount: 3 },
    });
    const view = await t.api('GET', `/v1/households/${householdKey}`, undefined, cadre);
    expect(view).toMatchObject({
      status: 200,
      body: { householdKey, caseId, head: { name: spouse.name }, memberCount: 3 },
    });
    const listed = (await members()).body.members;
    expect(listed[0]).toMatchObject({ memberId: memberIds.spouse, relation: 'head' });
    // An alert naming the new head still finds this household.
    const about = await alert(spouse, [5]);
    expect(about).toMatchObject({ status: 202, body: { caseId } });
  });

  it('lets a member who leaves by split (分户) found a household that reports naming them then find', async () => {
    const joined = await join(splitter, { relation: 'child', reasonCode: 'birth' });
    expect(joined.status).toBe(200);
    const before = await households();
    const split = await leave(joined.body.memberId, {
      reasonCode: 'split',
      leftOn: '2026-12-04',
      foundsHousehold: true,
    });
    expect(split.status).toBe(200);
    const founded = split.body.foundedHouseholdKey as string;
    expect(founded).toMatch(/^hh[0-9a-f]{32}$/);
    expect(founded).not.toBe(householdKey);
    expect(await households()).toBe(before + 1);
    const theirs = await members(founded);
    expect(theirs.body).toMatchObject({
      memberCount: 1,
      members: [{ relation: 'head', name: splitter.name, joinedReason: 'split' }],
    });
    const about = await alert(splitter);
    expect(about).toMatchObject({ status: 202, body: { caseId: `case-${founded}` } });
    expect(await households()).toBe(before + 1);
    expect(
      await leave(memberIds.child!, {
        reasonCode: 'death',
        leftOn: '2026-12-04',
        foundsHousehold: true,
      }),
    ).toMatchObject({ status: 400, body: { code: 'INPUT.INVALID' } });
  });

  it('shows members’ conditions only to staff who may read ID numbers, and the household to no one outside', async () => {
    const byCadre = (await members()).body.members;
    expect(byCadre.find((m) => m.memberId === memberIds.child)).toMatchObject({
      conditions: ['student'],
    });
    for (const as of [committee, supervisor]) {
      const listed = await members(householdKey, as);
      expect(listed.status).toBe(200);
      for (const m of listed.body.members) {
        expect(m).not.toHaveProperty('conditions');
        expect(m.residentId).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
      }
    }
    const body = JSON.stringify((await members(householdKey, committee)).body);
    for (const p of everyone) expect(body).not.toContain(p.residentId);
    expect(await members(householdKey, outsider)).toMatchObject({
      status: 404,
      body: { code: 'HOUSEHOLD.NOT_FOUND' },
    });
    expect((await members(householdKey, healthBureau)).status).toBe(403);
    const byCommittee = await t.api(
      'POST',
      `/v1/households/${householdKey}/members`,
      { ...grandfather, relation: 'parent', reasonCode: 'moved-in', joinedOn: '2026-11-20' },
      committee,
    );
    expect(byCommittee.status).toBe(403);
    // At rest, sealed: no name or ID number in the clear.
    const { rows } = await t.db.query<Record<string, unknown>>(
      'SELECT * FROM household_members WHERE household_key = $1',
      [householdKey],
    );
    const stored = JSON.stringify(rows);
    for (const p of everyone) {
      expect(stored).not.toContain(p.residentId);
      expect(stored).not.toContain(p.name);
    }
    expect(stored).not.toContain('chronic-illness');
  });

  it('writes no member’s name or ID number to any log line', async () => {
    const dir = path.join(process.env.FANPIN_TEST_LOG_DIR ?? '', 'families');
    const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name));
    expect(files).toContain(path.join(dir, 'api.log'));
    const values = new Map(
      everyone.flatMap((p, i) => [
        [`name ${i}`, p.name] as const,
        [`ID number ${i}`, p.residentId] as const,
      ]),
    );
    const found = [];
    for (const file of files)
      found.push(...personalDataIn(file, await readFile(file, 'utf8'), values));
    expect(found).toEqual([]);
  });
});
