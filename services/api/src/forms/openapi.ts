import * as z from 'zod';

import '@fanpin/contracts';

/**
 * The JSON Schemas of every form and shape named in libs/contracts (`.meta({ id })`), as OpenAPI
 * 3.1 components: the same definitions the API and the workflows check bodies with.
 */
export function contractSchemas(): Record<string, object> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, {
    target: 'draft-2020-12',
    io: 'input',
    uri: (id) => `#/components/schemas/${id}`,
  });
  for (const schema of Object.values(schemas)) {
    delete (schema as Record<string, unknown>).$schema;
    delete (schema as Record<string, unknown>).$id;
  }
  return schemas;
}
