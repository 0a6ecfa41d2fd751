import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

import type { OpenApiDocument, Response } from './document';

/** Where the document's components live for Ajv: each its own schema, found by this id. */
const BASE = 'https://contract.test/components/schemas/';

/** The document's references, pointed at the components as Ajv knows them. */
function rebased(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rebased);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === '$ref' && typeof inner === 'string'
        ? inner.replace('#/components/schemas/', BASE)
        : rebased(inner),
    ]),
  );
}

/**
 * Checks answers against the document with a strict JSON Schema 2020-12 validator: every
 * component compiled (an unknown keyword or a loose type is an error), formats checked. OpenAPI
 * 3.1's own schema keywords (`example`, `discriminator`, `xml`, `externalDocs`) are annotations.
 */
export class SchemaCheck {
  private readonly ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  private readonly compiled = new Map<object, ValidateFunction>();

  constructor(document: OpenApiDocument) {
    addFormats(this.ajv);
    this.ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs']);
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      this.ajv.addSchema({ ...(rebased(schema) as object), $id: `${BASE}${name}` });
    }
    // Compiling each component now makes a schema Ajv's strict mode refuses fail here, named.
    for (const name of Object.keys(document.components.schemas))
      this.ajv.getSchema(`${BASE}${name}`);
  }

  /** The validator of a documented schema (compiled once). */
  validator(schema: object): ValidateFunction {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile(rebased(schema) as object);
      this.compiled.set(schema, validate);
    }
    return validate;
  }

  /** Why a JSON body does not fit the response's schema, or null when it does. */
  problems(response: Response, body: unknown): string | null {
    const schema = response.content?.['application/json']?.schema;
    if (!schema) return 'the document gives no JSON schema for this answer';
    const validate = this.validator(schema);
    if (validate(body)) return null;
    return this.ajv.errorsText(validate.errors, { separator: '; ' });
  }
}
