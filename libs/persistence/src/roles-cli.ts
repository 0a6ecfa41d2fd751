import { databaseSettings, loadConfig, logFatal, setting } from '@fanpin/platform';

import { prepareDatabaseRoles, prepareTemporalRole, roleOfUrl } from './database-roles';

const postgresUrl = setting.url({ protocols: ['postgres', 'postgresql'], secret: true });

/** The roles come from the URLs the other processes connect with, so that they cannot disagree. */
const settings = {
  /** A superuser (or CREATEROLE) connection to the application's database. */
  DATABASE_ADMIN_URL: postgresUrl,
  /** The owner role's URL, as the migrate job has it. */
  DATABASE_OWNER_URL: postgresUrl,
  /** The application role's URL, as the services have it. */
  ...databaseSettings,
  /** Temporal's role (the URL's database part is not used). */
  TEMPORAL_DATABASE_URL: postgresUrl,
  TEMPORAL_DATABASES: setting.list({
    default: ['temporal', 'temporal_visibility'],
    pattern: /^[a-z_][a-z0-9_]{0,62}$/,
  }),
};

/**
 * `node libs/persistence/dist/roles-cli.js`: creates or updates the owner, application and Temporal
 * roles (passwords included) and hands them what a one-user installation left to the superuser.
 */
async function prepare(): Promise<void> {
  const config = loadConfig(settings, process.env);
  await prepareDatabaseRoles(config.DATABASE_ADMIN_URL, {
    owner: roleOfUrl(config.DATABASE_OWNER_URL),
    app: roleOfUrl(config.DATABASE_URL),
  });
  await prepareTemporalRole(
    config.DATABASE_ADMIN_URL,
    roleOfUrl(config.TEMPORAL_DATABASE_URL),
    config.TEMPORAL_DATABASES,
  );
  process.stdout.write(
    `${JSON.stringify({ level: 'log', context: 'database-roles', message: 'roles ready' })}\n`,
  );
}

prepare().catch((error: unknown) => {
  logFatal('database-roles', error instanceof Error ? error.message : String(error));
  process.exit(1);
});
