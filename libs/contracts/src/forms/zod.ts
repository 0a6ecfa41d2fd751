import * as z from 'zod';

/**
 * zod as the forms use it, configured before any form is made. Its memoizer (which guards parses
 * of self-referencing schemas, and rewrites a schema's parse on first use) is replaced by one that
 * does nothing: no form refers to itself, and a schema must not change once the workflow sandbox
 * has frozen it (see settle.ts).
 */
z.config({
  memoizer: {
    attach: () => undefined,
    guard: () => undefined,
    alloc: (_inst, _payload, empty) => empty,
  },
});

type StrictObject<T extends z.core.$ZodLooseShape> = ReturnType<typeof z.strictObject<T>>;

/**
 * A strict object: every field it may hold is named, anything more is refused. Given an id first,
 * it is registered under that id: a component of the OpenAPI document (`.meta({ id })`).
 */
export function strictObject<T extends z.core.$ZodLooseShape>(shape: T): StrictObject<T>;
export function strictObject<T extends z.core.$ZodLooseShape>(
  id: string,
  shape: T,
): StrictObject<T>;
export function strictObject<T extends z.core.$ZodLooseShape>(
  ...args: [T] | [string, T]
): StrictObject<T> {
  if (args.length === 1) return z.strictObject(args[0]);
  return z.strictObject(args[1]).meta({ id: args[0] });
}

export { z };
