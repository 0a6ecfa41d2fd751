import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { Client as PgClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

import { stderrLog } from '@fanpin/devstack';
import { PiiCipher } from '@fanpin/persistence';

import { CityColumns, cityRows, type CityTable, type CopyValue } from './city-rows';
import { people } from './people';

/** The city's heads: resident ID numbers of serials 500 and on, none the other phases use. */
const FIRST_PERSON = 500 * 18_000;
/** Households generated and copied at a time: bounds the memory the rows take. */
const CHUNK = 10_000;

const Escapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in COPY's text format. */
function copyField(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  let text: string;
  if (value instanceof Date) text = value.toISOString();
  else if (Array.isArray(value)) text = `{${value.join(',')}}`;
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => Escapes[c] ?? c) : text;
}

async function copyRows(db: PgClient, table: CityTable, rows: CopyValue[][]): Promise<void> {
  const lines = rows.map((row) => `${row.map(copyField).join('\t')}\n`);
  const sql = `COPY ${table} (${CityColumns[table].join(', ')}) FROM STDIN (FREEZE)`;
  await pipeline(Readable.from(lines), db.query(copyFrom(sql)));
}

export interface CitySecrets {
  householdKeySecret: string;
  piiEncryptionKey: string;
}

/** Seconds spent generating the rows, copying them in, and analysing the tables. */
type Spent = Record<'generate' | 'copy' | 'analyse', number>;

/** Generates households `[0, count)` a chunk at a time and copies each chunk into its tables. */
async function copyCity(db: PgClient, count: number, secrets: CitySecrets, spent: Spent) {
  const cipher = new PiiCipher(secrets.piiEncryptionKey);
  const now = Date.now();
  let openTasks = 0;
  for (let from = 0; from < count; from += CHUNK) {
    let mark = performance.now();
    const heads = people(
      Math.min(CHUNK, count - from),
      FIRST_PERSON + from,
      secrets.householdKeySecret,
    );
    const rows = cityRows(from, heads, now, cipher);
    spent.generate += (performance.now() - mark) / 1000;
    mark = performance.now();
    for (const table of Object.keys(CityColumns) as CityTable[]) {
      await copyRows(db, table, rows[table]);
    }
    spent.copy += (performance.now() - mark) / 1000;
    openTasks += rows.openTasks;
  }
  return openTasks;
}

/**
 * Seeds a city of `count` households into the empty database at `databaseUrl` (the
 * administrator's: a superuser), straight into PostgreSQL as the API and the case workflows would
 * have written it: households, cases, the inbox's tasks and the case history. Returns the open
 * tasks it holds and the seconds the seeding took, analysis included.
 */
export async function seedCity(databaseUrl: string, count: number, secrets: CitySecrets) {
  const started = performance.now();
  const spent: Spent = { generate: 0, copy: 0, analyse: 0 };
  const db = new PgClient({ connectionString: databaseUrl });
  await db.connect();
  try {
    // The rows carry what the read-model triggers would have set (stage, since when, risk types),
    // so those triggers, which would replay every step, and the foreign-key checks are off for
    // this session alone. The tables are emptied in the same transaction, so that COPY may write
    // the rows frozen, as a vacuum would leave them by the time anyone reads them.
    await db.query(`SET session_replication_role = replica`);
    await db.query('BEGIN');
    await db.query(`TRUNCATE ${Object.keys(CityColumns).join(', ')} CASCADE`);
    const openTasks = await copyCity(db, count, secrets, spent);
    await db.query('COMMIT');
    const mark = performance.now();
    // Statistics as autovacuum would have gathered them, and no checkpoint of the seeding's
    // writes left to fall into a measurement.
    await db.query(`ANALYZE ${Object.keys(CityColumns).join(', ')}`);
    await db.query(`CHECKPOINT`);
    spent.analyse = (performance.now() - mark) / 1000;
    const seconds = (performance.now() - started) / 1000;
    const parts = Object.entries(spent).map(([k, v]) => `${k} ${v.toFixed(1)} s`);
    stderrLog(`seeded ${count} households (${openTasks} open tasks): ${parts.join(', ')}`);
    return { openTasks, seconds };
  } finally {
    await db.end();
  }
}
