import type { INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { SwaggerModule } from '@nestjs/swagger';

import { main } from '@fanpin/platform';

import { ApiModule } from './api.module';
import { codecCorsHeaders } from './codec/codec-cors.interceptor';
import { correlationId } from './errors/correlation.middleware';
import { bodyParserError } from './errors/error.filter';
import { refuseDeepJson } from './errors/json-depth';
import { openApiDocument } from './openapi/document';
import { API_CONFIG, settings, type ApiConfig } from './settings';

function configure(app: INestApplication): void {
  app.use(correlationId);
  app.use('/codec', codecCorsHeaders(app.get<ApiConfig>(API_CONFIG).CODEC_CORS_ORIGINS));
  // The Web UI decodes a whole history page at once: the codec endpoint takes larger bodies.
  app.use('/codec', express.json({ limit: '4mb', verify: refuseDeepJson }));
  // Bureau batches (up to 100,000 records, JSON or CSV) are read as bytes: the service decodes them.
  app.use('/v1/alert-batches', express.raw({ type: () => true, limit: '64mb' }));
  app.use(express.json({ limit: '64kb', verify: refuseDeepJson }));
  // Unreadable bodies get their own stable codes instead of Nest's generic 400.
  app.use((error: unknown, _req: Request, _res: Response, next: NextFunction) =>
    next(bodyParserError(error) ?? error),
  );
  SwaggerModule.setup('docs', app, openApiDocument(app), {
    jsonDocumentUrl: 'docs/openapi.json',
    swaggerOptions: { persistAuthorization: true },
  });
}

main({
  name: 'api',
  settings,
  module: (config) => ApiModule.forRoot(config),
  configure,
  temporalWorker: false,
  bodyParser: false,
});
