import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';

import { main } from '@fanpin/platform';

import { ApiModule } from './api.module';
import { codecCorsHeaders } from './codec/codec-cors.interceptor';
import { consoleDirectory, consoleHandlers } from './console/console-static';
import { correlationId } from './errors/correlation.middleware';
import { openApiDocument } from './openapi/document';
import { API_CONFIG, settings, type ApiConfig } from './settings';
import { temporalUiHandlers } from './temporal-ui/temporal-ui.proxy';

function configure(app: INestApplication): void {
  const config = app.get<ApiConfig>(API_CONFIG);
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  // Behind TLS-terminating proxies, the client address of the rate limits is the one they forward.
  if (config.TRUST_PROXY_HOPS > 0) express.set('trust proxy', config.TRUST_PROXY_HOPS);
  app.use(correlationId);
  // The Web UI sets its own headers (its script needs its own content policy), ahead of helmet's.
  const temporalUi = temporalUiHandlers(app, config);
  if (temporalUi.length > 0) app.use(...temporalUi);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // On a developer's plain-HTTP machine, upgrading the console's own requests breaks them.
          upgradeInsecureRequests: config.NODE_ENV === 'production' ? [] : null,
        },
      },
    }),
  );
  app.use('/codec', codecCorsHeaders(config.CODEC_CORS_ORIGINS));
  // No body parser here: bodies are read after authentication, by BodyInterceptor.
  const consoleDir = consoleDirectory(config.CONSOLE_DIR);
  if (consoleDir) app.use(...consoleHandlers(consoleDir));
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
