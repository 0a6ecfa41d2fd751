import type * as z from 'zod';

import type { FieldProblem } from '../api/errors';

export type { FieldProblem };
import { holdsPersonalNumber } from './personal-numbers';

export type FormResult<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

function pathOf(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out === '' ? String(s) : `.${String(s)}`;
  }
  return out;
}

/** An unknown key is named back only when it is a plain field name: it is the caller's text. */
const NAMEABLE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const nameable = (key: string) => NAMEABLE.test(key) && !holdsPersonalNumber(key);

const join = (field: string, text: string) =>
  field === '' ? `the form ${text}` : `${field} ${text}`;

/**
 * The problems of fields a request has and its schema does not take: each named when its name is a
 * plain field name (it is the caller's text), the rest in one problem on `parent`.
 */
export function unknownFields(
  parent: string,
  keys: readonly string[],
  of = 'form',
): FieldProblem[] {
  const named = keys.filter(nameable);
  const problems = named.map((key) => {
    const path = parent === '' ? key : `${parent}.${key}`;
    return { field: path, rule: 'unknown-field', message: `${path} is not a field of this ${of}` };
  });
  if (named.length < keys.length) {
    problems.push({
      field: parent,
      rule: 'unknown-field',
      message: `${parent === '' ? `the ${of}` : parent} has a field it does not take`,
    });
  }
  return problems;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
};

/** What `issue` says, without any value the caller sent. */
function problemsOf(issue: z.core.$ZodIssue): FieldProblem[] {
  const field = pathOf(issue.path);
  const at = (rule: string, text: string): FieldProblem[] => [
    { field, rule, message: join(field, text) },
  ];
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return at('required', 'is required');
      return at('type', `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`);
    case 'invalid_value':
      if (issue.input === undefined) return at('required', 'is required');
      return at('one-of', `must be one of ${issue.values.map(String).join(', ')}`);
    case 'too_small': {
      const unit =
        issue.origin === 'array' ? ' items' : issue.origin === 'string' ? ' characters' : '';
      return at('min', `must be at least ${String(issue.minimum)}${unit}`);
    }
    case 'too_big': {
      const unit =
        issue.origin === 'array' ? ' items' : issue.origin === 'string' ? ' characters' : '';
      return at('max', `must be at most ${String(issue.maximum)}${unit}`);
    }
    case 'invalid_format':
      // Every format check of the forms carries its own message (fields.ts): it names no value.
      return at('format', issue.message.startsWith('must') ? issue.message : 'is not well formed');
    case 'unrecognized_keys':
      return unknownFields(field, issue.keys);
    case 'invalid_union': {
      // A discriminated union with no matching `kind` reports at the discriminator's path.
      const { options, discriminator } = issue as { options?: unknown[]; discriminator?: string };
      if (options && options.length > 0) {
        const input = issue.input as Record<string, unknown> | undefined;
        if (discriminator && input?.[discriminator] === undefined) {
          return at('required', 'is required');
        }
        return at('one-of', `must be one of ${options.map(String).join(', ')}`);
      }
      return at('one-of', 'matches none of the forms it may take');
    }
    case 'custom': {
      const rule = (issue.params as { rule?: string } | undefined)?.rule ?? 'rule';
      // Messages of the forms' own rules are written without values (task-forms.ts, fields.ts).
      const message = issue.message.startsWith('must') ? join(field, issue.message) : issue.message;
      return [{ field, rule, message }];
    }
    default:
      return at('invalid', 'is not valid');
  }
}

/** The problems of a failed parse, in the order of the form's fields. */
export function problemsOfError(error: z.ZodError): FieldProblem[] {
  return error.issues.flatMap(problemsOf);
}

/**
 * Checks `value` against `schema`: the parsed value (a fresh object holding exactly the form's
 * fields), or every problem at once.
 */
export function checkForm<S extends z.ZodType>(schema: S, value: unknown): FormResult<z.output<S>> {
  // The input is reported so that a missing field can be told from a wrong one; it never leaves here.
  const parsed = schema.safeParse(value, { reportInput: true });
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, problems: problemsOfError(parsed.error) };
}

/** The problems in one sentence, for an error message (at most `max` of them, then a count). */
export function problemsSentence(problems: readonly FieldProblem[], max = 3): string {
  const shown = problems.slice(0, max).map((p) => p.message);
  const more = problems.length - shown.length;
  return `${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}
