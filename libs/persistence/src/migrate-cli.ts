import { loadConfig, logFatal } from '@fanpin/platform';
import { databaseSettings } from '@fanpin/platform';

import { runMigrations } from './data-source';

/** `node libs/persistence/dist/migrate-cli.js`: applies pending migrations to DATABASE_URL. */
async function migrate(): Promise<void> {
  const config = loadConfig(databaseSettings, process.env);
  const applied = await runMigrations(config.DATABASE_URL);
  process.stdout.write(
    `${JSON.stringify({ level: 'log', context: 'migrate', message: `applied ${applied.length} migration(s)`, applied })}\n`,
  );
}

migrate().catch((error: unknown) => {
  logFatal('migrate', error instanceof Error ? error.message : String(error));
  process.exit(1);
});
