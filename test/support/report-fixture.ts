import { createHmac, randomUUID } from 'node:crypto';

import type { Pool } from 'pg';

import { caseWorkflowId } from '@fanpin/contracts';
import { PiiCipher, PiiFields } from '@fanpin/persistence';

/**
 * A fixed data set for the periodic reports, in 2025 (the other suites' data are of the day they
 * run), in township 闹枝镇 (220681104) with one household in 蚂蚁河乡 (220681200): six households,
 * their way-in records, cases and case histories, at set China Standard Time instants.
 *
 * - H1 declares itself through the app on 3 July; its case is still being verified.
 * - H2 is screened by a cadre on 8 July, the water bureau warns of it on 15 July; the township
 *   re-verifies it (ILLNESS, DISABILITY, ledger TZ-2025-017) and reports it at the 15 July cut-off;
 *   the city includes it (marginal) on 20 July.
 * - H3: a water-bureau warning on 10 July; the city does not include it (NOT_AT_RISK) on 25 July.
 * - H4: included in 2024 (DISASTER); a water-bureau warning at 00:30 on 16 July (the next
 *   half-month); marked risk eliminated on 5 September.
 * - H5: included in 2024 (ACCIDENT); a health-bureau warning at 23:59 on 30 June (the half-month
 *   before); eliminated on 1 March, the mark rolled back on 10 May.
 * - H6 (蚂蚁河乡): included (marginal, no risk type recorded) on 2 November.
 * - One more water-bureau warning on 20 August, of H1, not handed over to a case yet.
 */
export const FixtureTownship = '220681104';

const cst = (wall: string) => new Date(`${wall}+08:00`);

/** A valid check character after the first 17 digits (the fixture's numbers are synthetic). */
function withCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * (weights[i] ?? 0), 0);
  return first17 + ('10X98765432'[sum % 11] ?? '');
}

export interface FixturePerson {
  name: string;
  residentId: string;
  villageCode: string;
}

export const FixturePeople: Record<'H1' | 'H2' | 'H3' | 'H4' | 'H5' | 'H6', FixturePerson> = {
  H1: { name: '报表甲', residentId: withCheck('22068119500101001'), villageCode: '220681104200' },
  H2: { name: '报表乙', residentId: withCheck('22068119600202002'), villageCode: '220681104201' },
  H3: { name: '报表丙', residentId: withCheck('22068119700303003'), villageCode: '220681104200' },
  H4: { name: '报表丁', residentId: withCheck('22068119800404004'), villageCode: '220681104202' },
  H5: { name: '报表戊', residentId: withCheck('22068119550505005'), villageCode: '220681104202' },
  H6: { name: '报表己', residentId: withCheck('22068119650606006'), villageCode: '220681200201' },
};

type Key = keyof typeof FixturePeople;

export interface LoadedFixture {
  keys: Record<Key, string>;
  caseIds: Record<Key, string>;
  /** Alert ids made unique for this load (the run's database may hold an earlier load). */
  alertIds: Record<'A1' | 'A2' | 'A3' | 'A4' | 'A5' | 'A6' | 'A7', string>;
}

export async function loadReportFixture(
  db: Pool,
  secrets: { householdKeySecret: string; piiEncryptionKey: string },
  tag: string,
): Promise<LoadedFixture> {
  const cipher = new PiiCipher(secrets.piiEncryptionKey);
  const keys = {} as Record<Key, string>;
  const caseIds = {} as Record<Key, string>;
  for (const [key, person] of Object.entries(FixturePeople) as [Key, FixturePerson][]) {
    keys[key] =
      `hh${createHmac('sha256', secrets.householdKeySecret).update(person.residentId).digest('hex').slice(0, 32)}`;
    caseIds[key] = caseWorkflowId(keys[key]);
    await db.query(
      `INSERT INTO households (household_key, village_code, head_name_sealed, head_resident_id_sealed, created_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [
        keys[key],
        person.villageCode,
        cipher.encrypt(person.name, PiiFields.headName),
        cipher.encrypt(person.residentId, PiiFields.headResidentId),
        cst('2024-01-01T00:00'),
      ],
    );
  }

  const runs = {} as Record<Key, string>;
  const addCase = async (
    key: Key,
    c: {
      channel: string;
      status: string;
      householdClass: string | null;
      opened: string;
      decided?: string;
    },
  ) => {
    runs[key] = randomUUID();
    const village = FixturePeople[key].villageCode;
    await db.query(
      `INSERT INTO cases (run_id, case_id, household_key, county_code, township_code, village_code,
                          channel, policy_version, status, household_class, opened_at, decided_at)
       VALUES ($1, $2, $3, '220681', $4, $5, $6, '2021-linjiang-v6', $7, $8, $9, $10)`,
      [
        runs[key],
        caseIds[key],
        keys[key],
        village.slice(0, 9),
        village,
        c.channel,
        c.status,
        c.householdClass,
        cst(c.opened),
        c.decided ? cst(c.decided) : null,
      ],
    );
  };
  /** A step of a case's history: the first of its kind, so `kind-1`. */
  const event = async (key: Key, kind: string, at: string, detail: object) => {
    const stepId = `${kind}-1`;
    await db.query(
      `INSERT INTO case_events (run_id, case_id, kind, step_id, actor, detail, recorded_at)
       VALUES ($1, $2, $3, $4, 'fixture', $5, $6)`,
      [runs[key], caseIds[key], kind, stepId, detail, cst(at)],
    );
  };

  await addCase('H1', {
    channel: 'self-declaration',
    status: 'open',
    householdClass: null,
    opened: '2025-07-03T10:00',
  });
  await addCase('H2', {
    channel: 'cadre-screening',
    status: 'included',
    householdClass: 'marginal',
    opened: '2025-07-08T09:00',
    decided: '2025-07-20T10:00',
  });
  await addCase('H3', {
    channel: 'bureau-alert',
    status: 'excluded',
    householdClass: null,
    opened: '2025-07-10T09:00',
    decided: '2025-07-25T10:00',
  });
  await addCase('H4', {
    channel: 'bureau-alert',
    status: 'risk-eliminated',
    householdClass: 'unstable-out-of-poverty',
    opened: '2024-03-01T09:00',
    decided: '2025-09-05T10:00',
  });
  await addCase('H5', {
    channel: 'bureau-alert',
    status: 'included',
    householdClass: 'sudden-hardship',
    opened: '2024-05-02T09:00',
    decided: '2025-05-10T10:00',
  });
  await addCase('H6', {
    channel: 'self-declaration',
    status: 'included',
    householdClass: 'marginal',
    opened: '2025-10-20T09:00',
    decided: '2025-11-02T10:00',
  });

  const include = (householdClass: string) => ({
    include: true,
    householdClass,
    reasonCode: 'AT_RISK',
  });
  /** The township's re-verification confirming one risk type, entered in its ledger. */
  const confirmed = (key: Key, at: string, riskType: string, ledgerEntry: string) =>
    event(key, 'township-verification', at, {
      outcome: 'confirm',
      riskTypes: [riskType],
      ledgerEntry,
    });
  await event('H2', 'township-verification', '2025-07-12T15:00', {
    outcome: 'confirm',
    visitedOn: '2025-07-11',
    riskTypes: ['ILLNESS', 'DISABILITY'],
    ledgerEntry: 'TZ-2025-017',
  });
  await event('H2', 'report', '2025-07-16T00:00:01', {
    cutoffAt: new Date(Date.parse('2025-07-15T23:59:59.999+08:00')).toISOString(),
  });
  await event('H2', 'city-determination', '2025-07-20T10:00', include('marginal'));
  await event('H3', 'city-determination', '2025-07-25T10:00', {
    include: false,
    householdClass: null,
    reasonCode: 'NOT_AT_RISK',
  });
  await confirmed('H4', '2024-04-01T10:00', 'DISASTER', 'TZ-2024-003');
  await event('H4', 'city-determination', '2024-04-10T10:00', include('unstable-out-of-poverty'));
  await event('H4', 'elimination', '2025-09-05T10:00', { round: 1 });
  await confirmed('H5', '2024-06-01T10:00', 'ACCIDENT', 'TZ-2024-009');
  await event('H5', 'city-determination', '2024-06-10T10:00', include('sudden-hardship'));
  await event('H5', 'elimination', '2025-03-01T10:00', { round: 1 });
  await event('H5', 'elimination-rollback', '2025-05-10T10:00', {
    reasonCode: 'RISK_RETURNED',
  });
  await event('H6', 'city-determination', '2025-11-02T10:00', include('marginal'));

  const alertIds = {
    A1: `DEC-${tag}-1`,
    A2: `SCR-${tag}-2`,
    A3: `W-${tag}-3`,
    A4: `W-${tag}-4`,
    A5: `W-${tag}-5`,
    A6: `H-${tag}-6`,
    A7: `W-${tag}-7`,
  };
  const alert = async (
    id: keyof typeof alertIds,
    source: string,
    key: Key,
    at: string,
    triggers: number[],
    attached: boolean,
    detail: object | null = null,
  ) => {
    await db.query(
      `INSERT INTO alerts (source, alert_id, household_key, village_code, triggers, case_id,
                           dispatched_at, received_at, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)`,
      [
        source,
        alertIds[id],
        keys[key],
        FixturePeople[key].villageCode,
        triggers,
        attached ? caseIds[key] : null,
        cst(at),
        detail,
      ],
    );
  };
  await alert('A1', 'self-declaration', 'H1', '2025-07-03T10:00', [1], true, {
    declarationChannel: 'app',
  });
  await alert('A2', 'cadre-screening', 'H2', '2025-07-08T09:00', [2, 5], true);
  await alert('A3', 'water', 'H3', '2025-07-10T09:00', [6], true);
  await alert('A4', 'water', 'H2', '2025-07-15T23:00', [6], true);
  await alert('A5', 'water', 'H4', '2025-07-16T00:30', [6], true);
  await alert('A6', 'health', 'H5', '2025-06-30T23:59', [3], true);
  await alert('A7', 'water', 'H1', '2025-08-20T09:00', [6], false);
  return { keys, caseIds, alertIds };
}
