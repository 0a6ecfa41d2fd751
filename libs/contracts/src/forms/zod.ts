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

export { z };
