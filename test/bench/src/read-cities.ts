import { createScratchDatabase, stderrLog, withRoles, type Database } from '@fanpin/devstack';
import { roleOfUrl, runMigrations } from '@fanpin/persistence';

import { seedCity, type CitySecrets } from './city-seed';
import { expectedRows, Measured, type Expected } from './read-pages';
import { StaffAccount } from './staff';

/** An API process the bench started on a database of its choosing. */
export interface ExtraApi {
  url: string;
  stop(): Promise<void>;
}

export interface CityContext {
  /** The administrator's URL on the bench's PostgreSQL server (a superuser). */
  serverUrl: string;
  /** Where the database roles' passwords are kept. */
  stateDir: string;
  secrets: CitySecrets;
  /** The bootstrap administrator every API of the bench is started with. */
  admin: { accountId: string; password: string };
  /** Starts an API on `databaseUrl`, its log named after `tag`. */
  startApi(databaseUrl: string, tag: string): Promise<ExtraApi>;
}

/** `1k`, `100k`: how a size names its figures and its database. */
export const label = (size: number): string =>
  size % 1000 === 0 ? `${size / 1000}k` : String(size);

/**
 * One size of the read-model bench's city: a database of its own on the bench's server, migrated
 * and seeded, an API reading it, and the two accounts whose pages are measured there. Each city
 * being a database of its own, both sizes can be read in turn, and no phase of the bench ever sees
 * their rows.
 */
export class City {
  private constructor(
    readonly size: number,
    readonly seeded: { openTasks: number; seconds: number },
    readonly expected: Expected,
    readonly officer: StaffAccount,
    readonly cadre: StaffAccount,
    readonly databaseUrl: string,
    private readonly parts: { db: Database; api?: ExtraApi },
  ) {}

  static async open(ctx: CityContext, size: number): Promise<City> {
    const tag = `city-${label(size)}`;
    const server = await createScratchDatabase(
      ctx.serverUrl,
      `fanpin_city_${label(size)}`,
      stderrLog,
    );
    const options = { stateDir: ctx.stateDir, dropRolesVia: ctx.serverUrl };
    const db = await withRoles(server, options, stderrLog);
    const parts: { db: Database; api?: ExtraApi } = { db };
    try {
      await runMigrations(db.ownerUrl, roleOfUrl(db.appUrl).name);
      const seeded = await seedCity(db.url, size, ctx.secrets);
      const expected = await expectedRows(db.url);
      parts.api = await ctx.startApi(db.appUrl, tag);
      const staff = (role: 'township-officer' | 'village-cadre', code: string) =>
        new StaffAccount(parts.api?.url ?? '', ctx.admin, role, code);
      const officer = staff('township-officer', Measured.townshipCode);
      const cadre = staff('village-cadre', Measured.villageCode);
      return new City(size, seeded, expected, officer, cadre, db.url, parts);
    } catch (error) {
      await City.closeParts(parts);
      throw error;
    }
  }

  /** The URL of the city's API. */
  get apiUrl(): string {
    return this.parts.api?.url ?? '';
  }

  /** Stops the city's API and drops its database. */
  close(): Promise<void> {
    return City.closeParts(this.parts);
  }

  private static async closeParts(parts: { db: Database; api?: ExtraApi }): Promise<void> {
    await parts.api?.stop();
    await parts.db.stop();
  }
}
