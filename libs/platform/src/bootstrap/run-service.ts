import type { Server } from 'node:http';

import 'reflect-metadata';

import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { ConfigError, loadConfig, type ConfigOf, type Setting } from '../config/config';
import type { LogLevel } from '../config/common';
import { createLogger, logFatal } from '../logging/logger';
import { httpObservability } from '../observability/http';
import { startMetricsServer, type MetricsServer } from '../observability/metrics';
import { installTracing, shutdownTracing } from '../observability/tracing';
import { installTemporalRuntime } from '../temporal/runtime';

/** Seconds an idle HTTP connection is kept open. */
const KEEP_ALIVE_SECONDS = 65;

/** Exit code for a configuration error (sysexits EX_CONFIG). */
export const EXIT_CONFIG = 78;

interface BaseConfig {
  LOG_LEVEL: LogLevel;
  PORT: number;
  HOST: string;
  METRICS_PORT: number;
  /** In the processes that talk to Temporal (temporalSettings). */
  TEMPORAL_SDK_METRICS_PORT?: number;
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
}

export interface ServiceDefinition<S extends Record<string, Setting<unknown>>> {
  /** Name in logs. */
  name: string;
  settings: S;
  module(config: ConfigOf<S>): DynamicModule;
  /** Extra setup of the HTTP application (pipes, filters, OpenAPI) before it listens. */
  configure?(app: INestApplication, config: ConfigOf<S>): void | Promise<void>;
  /** Whether the process hosts a Temporal worker (installs the runtime first). */
  temporalWorker: boolean;
  /** False when `configure` installs its own body parsers. */
  bodyParser?: boolean;
}

/**
 * Boots one process: validates its configuration once (a bad one stops it at once with a clear
 * message), logs JSON, serves its metrics and sends its traces when configured, listens for health
 * checks, and shuts down gracefully on SIGTERM or SIGINT.
 */
export async function runService<S extends Record<string, Setting<unknown>>>(
  definition: ServiceDefinition<S>,
  env: Record<string, string | undefined> = process.env,
): Promise<INestApplication> {
  let config: ConfigOf<S> & BaseConfig;
  try {
    config = loadConfig(definition.settings, env) as ConfigOf<S> & BaseConfig;
  } catch (error) {
    if (error instanceof ConfigError) {
      logFatal(definition.name, error.message);
      process.exit(EXIT_CONFIG);
    }
    throw error;
  }
  // Before any Temporal client or worker exists: they take their tracing interceptors from it.
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT) {
    installTracing(definition.name, config.OTEL_EXPORTER_OTLP_ENDPOINT);
  }
  if (definition.temporalWorker) {
    const port = config.TEMPORAL_SDK_METRICS_PORT ?? 0;
    installTemporalRuntime(definition.name, config.LOG_LEVEL, {
      metricsAddress: port > 0 ? `${config.HOST}:${port}` : undefined,
    });
  }
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  const metrics =
    config.METRICS_PORT > 0
      ? await startMetricsServer(definition.name, config.METRICS_PORT, config.HOST)
      : undefined;
  if (metrics) logger.log(`metrics on http://${config.HOST}:${metrics.port}/metrics`);
  const app = await NestFactory.create(definition.module(config), {
    logger,
    forceCloseConnections: true,
    bodyParser: definition.bodyParser ?? true,
  });
  shutDownOnSignals(app, logger, metrics);
  // First, so that it times everything after it and sees every answer's status.
  app.use(httpObservability);
  await definition.configure?.(app, config);
  // Idle keep-alive connections outlive the clients' and proxies' own idle limits (Node's fetch
  // keeps one for the server's hint less a second; load balancers 60 s), so that the server never
  // closes a connection a client is just reusing: that client would see "other side closed".
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = KEEP_ALIVE_SECONDS * 1000;
  server.headersTimeout = (KEEP_ALIVE_SECONDS + 1) * 1000;
  await app.listen(config.PORT, config.HOST);
  logger.log(`listening on http://${config.HOST}:${config.PORT}`);
  return app;
}

/**
 * On SIGTERM or SIGINT: stop accepting requests, let workers drain and connections close (the
 * lifecycle hooks), then exit 0. A second signal while draining exits at once.
 */
function shutDownOnSignals(
  app: INestApplication,
  logger: { log(message: string): void },
  metrics: MetricsServer | undefined,
): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) {
      process.exit(1);
    }
    closing = true;
    logger.log(`${signal} received: shutting down`);
    app
      .close()
      // The spans of the last requests and activities still go out; the metrics stay up till then.
      .then(() => shutdownTracing())
      .then(() => metrics?.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logFatal('shutdown', error instanceof Error ? error.message : String(error));
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** Runs a service from its `main.ts`, turning a failed boot into one clear fatal log line. */
export function main<S extends Record<string, Setting<unknown>>>(
  definition: ServiceDefinition<S>,
): void {
  runService(definition).catch((error: unknown) => {
    logFatal(
      definition.name,
      `failed to start: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  });
}
