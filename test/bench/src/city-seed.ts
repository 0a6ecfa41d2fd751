import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Worker } from 'node:worker_threads';

import type { Client as PgClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

import { stderrLog } from '@fanpin/devstack';

import { withDatabase } from './database';
import { CityColumns, type CityTable } from './city-rows';
import { CHUNK, type CityChunk, type CityWorkerInput } from './city-worker';

async function copyText(db: PgClient, table: CityTable, text: string): Promise<void> {
  const sql = `COPY ${table} (${CityColumns[table].join(', ')}) FROM STDIN (FREEZE)`;
  await pipeline(Readable.from([text]), db.query(copyFrom(sql)));
}

export interface CitySecrets {
  householdKeySecret: string;
  piiEncryptionKey: string;
}

/** A thread that generates the city's chunks (city-worker.ts), one ahead of the copying. */
function chunkMaker(input: CityWorkerInput): {
  next(from: number): Promise<CityChunk>;
  end(): void;
} {
  const worker = new Worker(path.join(__dirname, 'city-worker.js'), { workerData: input });
  const next = (from: number) =>
    new Promise<CityChunk>((resolve, reject) => {
      const onError = (error: Error) => {
        worker.off('message', onChunk);
        reject(error);
      };
      const onChunk = (chunk: CityChunk) => {
        worker.off('error', onError);
        resolve(chunk);
      };
      worker.once('message', onChunk);
      worker.once('error', onError);
      worker.postMessage(from);
    });
  return { next, end: () => void worker.terminate() };
}

/** Copies households `[0, count)` into their tables, a chunk at a time; returns the open tasks. */
async function copyCity(db: PgClient, count: number, secrets: CitySecrets): Promise<number> {
  const maker = chunkMaker({ count, now: Date.now(), ...secrets });
  try {
    let openTasks = 0;
    let next = maker.next(0);
    for (let from = 0; from < count; from += CHUNK) {
      const chunk = await next;
      if (from + CHUNK < count) next = maker.next(from + CHUNK);
      for (const table of Object.keys(CityColumns) as CityTable[]) {
        await copyText(db, table, chunk.text[table]);
      }
      openTasks += chunk.openTasks;
    }
    return openTasks;
  } finally {
    maker.end();
  }
}

/**
 * Seeds a city of `count` households into the empty database at `databaseUrl` (the
 * administrator's: a superuser), straight into PostgreSQL as the API and the case workflows would
 * have written it: households, cases, the inbox's tasks and the case history. Returns the open
 * tasks it holds and the seconds the seeding took, analysis included.
 */
export function seedCity(databaseUrl: string, count: number, secrets: CitySecrets) {
  const started = performance.now();
  return withDatabase(databaseUrl, async (db) => {
    // The rows carry what the read-model triggers would have set (stage, since when, risk types),
    // so those triggers, which would replay every step, and the foreign-key checks are off for
    // this session alone. The tables are emptied in the same transaction, so that COPY may write
    // the rows frozen, as a vacuum would leave them by the time anyone reads them.
    await db.query(`SET session_replication_role = replica`);
    await db.query('BEGIN');
    await db.query(`TRUNCATE ${Object.keys(CityColumns).join(', ')} CASCADE`);
    const openTasks = await copyCity(db, count, secrets);
    await db.query('COMMIT');
    const copied = performance.now();
    // Statistics as autovacuum would have gathered them, and no checkpoint of the seeding's
    // writes left to fall into a measurement.
    await db.query(`ANALYZE ${Object.keys(CityColumns).join(', ')}`);
    await db.query(`CHECKPOINT`);
    const seconds = (performance.now() - started) / 1000;
    const analysed = (performance.now() - copied) / 1000;
    stderrLog(
      `seeded ${count} households (${openTasks} open tasks) in ${seconds.toFixed(1)} s, ${analysed.toFixed(1)} s of it analysing`,
    );
    return { openTasks, seconds };
  });
}
