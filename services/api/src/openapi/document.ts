import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

import { SESSION_COOKIE } from '../auth/auth.guard';
import { contractSchemas } from './components';
import { addEdgeAnswers } from './edge-answers';

const DESCRIPTION = `Staff tasks and integrations of the household monitoring and assistance procedure.

Sign in with \`POST /v1/auth/login\` (staff) or \`POST /v1/auth/token\` (a sector bureau's system) and
send the access token as \`Authorization: Bearer …\`. The web console signs in with \`POST /v1/auth/session\`
instead: the session is an HttpOnly cookie, and every write by cookie sends the session's
\`X-CSRF-Token\` (403 \`AUTH.CSRF\` otherwise). Every error answers an \`ErrorBody\` with a stable
\`code\`; a request that does not fit its schema lists every problem in \`details\`.`;

/**
 * The request DTOs' schemas (sign-in, accounts), closed: the validation pipe refuses a field they do
 * not name, as the forms' schemas say of theirs.
 */
function closed(schemas: Record<string, object>): Record<string, object> {
  return Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => [
      name,
      { ...schema, additionalProperties: false },
    ]),
  );
}

/** The OpenAPI 3.1 document of the API, served at /docs/openapi.json (a client is generated from it). */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('防止返贫动态监测和帮扶 — household monitoring API')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .setOpenAPIVersion('3.1.0')
    .addServer('/', 'This server')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'From sign-in' },
      'bearer',
    )
    .addCookieAuth(
      SESSION_COOKIE,
      { type: 'apiKey', in: 'cookie', description: 'Set at sign-in, for /codec only' },
      'session',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = {
    ...document.components,
    schemas: { ...closed(document.components?.schemas ?? {}), ...contractSchemas() },
  };
  addEdgeAnswers(document);
  return document;
}
