import { Client } from 'pg';

/**
 * The channel on which the `accounts` table's trigger announces a change (migration
 * AccountChanges1765152000000): the account id, or `*` when the table was truncated.
 */
export const ACCOUNT_CHANGES_CHANNEL = 'account_changes';

export interface AccountChangeHandlers {
  /** An account changed (its id), or every account may have (`*`). */
  changed(accountId: string): void;
  /** The connection failed or ended: changes may be missed from now on. */
  lost(): void;
}

/** A connection of its own that listens to the `accounts` table's change notifications. */
export class AccountChangeListener {
  private readonly client: Client;

  constructor(databaseUrl: string, applicationName: string, handlers: AccountChangeHandlers) {
    this.client = new Client({
      connectionString: databaseUrl,
      application_name: applicationName,
      keepAlive: true,
    });
    this.client.on('notification', (message) => {
      if (message.channel !== ACCOUNT_CHANGES_CHANNEL) return;
      handlers.changed(message.payload ?? '*');
    });
    this.client.on('error', () => handlers.lost());
    this.client.on('end', () => handlers.lost());
  }

  async listen(): Promise<void> {
    await this.client.connect();
    await this.client.query(`LISTEN ${ACCOUNT_CHANGES_CHANNEL}`);
  }

  end(): Promise<void> {
    return this.client.end();
  }
}
