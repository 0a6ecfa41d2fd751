import { Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';

import {
  clientConnectionOptions,
  clientInterceptors,
  payloadCodecKeys,
  temporalAccess,
  temporalDataConverter,
  type HealthProbe,
} from '@fanpin/platform';

import { API_CONFIG, type ApiConfig } from '../settings';

/** Readiness: the Temporal frontend answers. Closes the client connection on shutdown. */
@Injectable()
export class TemporalClientLifecycle implements HealthProbe, OnApplicationShutdown {
  readonly name = 'temporal';

  constructor(private readonly client: Client) {}

  async check(): Promise<boolean> {
    await this.client.workflowService.getSystemInfo({});
    return true;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}

export const temporalClientProvider: Provider = {
  provide: Client,
  useFactory: async (config: ApiConfig) => {
    const dataConverter = temporalDataConverter(payloadCodecKeys(config));
    const connection = await Connection.connect(
      clientConnectionOptions(temporalAccess(config, 'api')),
    );
    // The request's correlation id (and trace) goes with every start, signal and update.
    return new Client({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      dataConverter,
      interceptors: clientInterceptors(dataConverter),
    });
  },
  inject: [API_CONFIG],
};
