import * as z from 'zod';

import '@fanpin/contracts';

const path = (id: string) => `#/components/schemas/${id}`;

/**
 * The JSON Schemas of every form and answer named in libs/contracts (`.meta({ id })`), as OpenAPI
 * 3.1 components: the same definitions the API and the workflows check bodies with, and type their
 * answers with.
 */
export function contractSchemas(): Record<string, object> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, {
    target: 'draft-2020-12',
    io: 'input',
    uri: path,
  });
  for (const schema of Object.values(schemas)) {
    delete (schema as Record<string, unknown>).$schema;
    delete (schema as Record<string, unknown>).$id;
  }
  return schemas;
}

/** A reference to the component of a schema of libs/contracts. */
export function refTo(schema: z.ZodType): { $ref: string } {
  const id = z.globalRegistry.get(schema)?.id;
  if (!id) throw new Error('a schema the document names needs an id: .meta({ id })');
  return { $ref: path(id) };
}
