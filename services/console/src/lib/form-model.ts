import { z } from 'zod';

import type { FieldProblem } from '@contracts/api/errors';
import { checkForm } from '@contracts/forms/problems';
import * as Forms from '@contracts/forms/task-forms';

import { todayInShanghai } from './dates';

/**
 * The fields of a task's form, read from the form's own definition (libs/contracts), the same one
 * the API and the case's Update validator check: a field added there appears here.
 */
export type Field =
  | { type: 'enum'; name: string; required: boolean; options: string[] }
  | { type: 'boolean'; name: string; required: boolean }
  | {
      type: 'number';
      name: string;
      required: boolean;
      integer: boolean;
      min?: number;
      max?: number;
    }
  | { type: 'date'; name: string; required: boolean }
  | { type: 'text'; name: string; required: boolean; pattern?: string }
  | { type: 'multi'; name: string; required: boolean; options: (string | number)[]; max?: number }
  | { type: 'group'; name: string; required: boolean; fields: Field[] }
  | { type: 'list'; name: string; required: boolean; item: Field[]; min: number; max: number }
  /** One of several shapes told apart by `type` (a measure's facts): its fields once chosen. */
  | { type: 'variant'; name: string; required: boolean; variants: Record<string, Field[]> };

type JsonSchema = {
  $ref?: string;
  type?: string;
  const?: unknown;
  enum?: (string | number)[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
  $defs?: Record<string, JsonSchema>;
  oneOf?: JsonSchema[];
};

/** Each task's form by its kind, from the union the API checks task completions against. */
const formsByKind = new Map<string, z.ZodType>(
  Forms.TaskForm.options.map((option) => [option.shape.kind.value, option as z.ZodType]),
);

export function formOf(kind: string): z.ZodType | undefined {
  return formsByKind.get(kind);
}

function fieldsOf(schema: JsonSchema, defs: Record<string, JsonSchema>): Field[] {
  const resolved = resolve(schema, defs);
  const required = new Set(resolved.required ?? []);
  return Object.entries(resolved.properties ?? {})
    .filter(([name]) => name !== 'kind' || resolved.properties?.kind?.const === undefined)
    .map(([name, property]) => fieldOf(name, property, required.has(name), defs));
}

function resolve(schema: JsonSchema, defs: Record<string, JsonSchema>): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/$defs/', '');
  return { ...defs[name], ...schema, $ref: undefined };
}

function fieldOf(
  name: string,
  raw: JsonSchema,
  required: boolean,
  defs: Record<string, JsonSchema>,
): Field {
  const s = resolve(raw, defs);
  if (s.enum) return { type: 'enum', name, required, options: s.enum.map(String) };
  const shapes = (s.oneOf ?? []).map((o) => resolve(o, defs));
  if (shapes.length > 0 && shapes.every((o) => typeof o.properties?.type?.const === 'string')) {
    const variants = Object.fromEntries(
      shapes.map((o) => [
        String(o.properties?.type?.const),
        fieldsOf(o, defs).filter((f) => f.name !== 'type'),
      ]),
    );
    return { type: 'variant', name, required, variants };
  }
  switch (s.type) {
    case 'boolean':
      return { type: 'boolean', name, required };
    case 'number':
    case 'integer':
      return {
        type: 'number',
        name,
        required,
        integer: s.type === 'integer',
        min: s.minimum,
        max: s.maximum,
      };
    case 'object':
      return { type: 'group', name, required, fields: fieldsOf(s, defs) };
    case 'array': {
      const item = resolve(s.items ?? {}, defs);
      if (item.type === 'object') {
        return {
          type: 'list',
          name,
          required,
          item: fieldsOf(item, defs),
          min: s.minItems ?? 0,
          max: s.maxItems ?? 20,
        };
      }
      const options =
        item.enum ??
        (item.type === 'integer' && item.minimum !== undefined && item.maximum !== undefined
          ? Array.from({ length: item.maximum - item.minimum + 1 }, (_, i) => item.minimum! + i)
          : []);
      return { type: 'multi', name, required, options, max: s.maxItems };
    }
    default:
      if (s.format === 'date') return { type: 'date', name, required };
      return { type: 'text', name, required, pattern: s.pattern };
  }
}

/** The fields of the form of `kind`, in the order the definition gives them. */
/** Fields a task's own page never fills in: a village meeting's id comes with the meeting's page. */
const FilledElsewhere = new Set(['meetingId']);

export function fieldsOfKind(kind: string): Field[] {
  const schema = formOf(kind);
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return fieldsOf(json, json.$defs ?? {}).filter((f) => !FilledElsewhere.has(f.name));
}

/** A blank form: booleans off, lists empty or at their minimum, required dates today. */
export function blank(fields: Field[]): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const field of fields) {
    switch (field.type) {
      case 'boolean':
        value[field.name] = false;
        break;
      case 'multi':
        value[field.name] = [];
        break;
      case 'group':
        value[field.name] = blank(field.fields);
        break;
      case 'list':
        value[field.name] = Array.from({ length: field.min }, () => blank(field.item));
        break;
      case 'date':
        value[field.name] = field.required ? todayInShanghai() : undefined;
        break;
      default:
        value[field.name] = undefined;
    }
  }
  return value;
}

/** What is sent: empty optional fields left out, as the definition wants them absent. */
export function cleaned(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cleaned);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined && v !== null && v !== '')
        .map(([k, v]) => [k, cleaned(v)]),
    );
  }
  return value;
}

/** The form's problems by field path, from the definition's own check (the API's). */
export function check(kind: string, body: unknown): FieldProblem[] {
  const schema = formOf(kind);
  if (!schema) return [{ field: '', rule: 'invalid', message: `unknown form ${kind}` }];
  const result = checkForm(schema, body);
  return result.ok ? [] : result.problems;
}
