import { databaseSettings, loadConfig, logFatal, setting } from '@fanpin/platform';

import { runMigrations } from './data-source';

const settings = {
  /** The owner role's URL: the migrations create and alter the tables as it. */
  ...databaseSettings,
  /** The role the services connect as: it gets the rights the access policy gives. */
  DATABASE_APP_ROLE: setting.string({ default: 'fanpin_app', pattern: /^[a-z_][a-z0-9_]{0,62}$/ }),
};

/**
 * `node libs/persistence/dist/migrate-cli.js`: applies pending migrations to DATABASE_URL, as its
 * user (the owner role), and the access policy for DATABASE_APP_ROLE.
 */
async function migrate(): Promise<void> {
  const config = loadConfig(settings, process.env);
  const applied = await runMigrations(config.DATABASE_URL, config.DATABASE_APP_ROLE);
  process.stdout.write(
    `${JSON.stringify({ level: 'log', context: 'migrate', message: `applied ${applied.length} migration(s)`, applied })}\n`,
  );
}

migrate().catch((error: unknown) => {
  logFatal('migrate', error instanceof Error ? error.message : String(error));
  process.exit(1);
});
