import { Client as PgClient } from 'pg';

/** Runs `work` on a connection of its own to `databaseUrl`, closed however `work` ends. */
export async function withDatabase<T>(
  databaseUrl: string,
  work: (db: PgClient) => Promise<T>,
): Promise<T> {
  const db = new PgClient({ connectionString: databaseUrl });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}
