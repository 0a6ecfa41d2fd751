/**
 * Makes every member zod builds on first use exist now, for the objects reachable from `roots`.
 *
 * Why: the workflow sandbox loads libs/contracts once per worker and deep-freezes what it exports
 * before any case runs (@temporalio/worker, reusable-vm.ts). zod builds some members of a schema
 * the first time they are read (bound methods such as `safeParse`, derived internals such as
 * `optin`) and stores them on the schema then: on a frozen schema that store throws inside an
 * Update validator. Read once here, before the freeze, they are plain properties. The freeze
 * (and this) reach only what the module exports; frozen.spec.ts checks the forms under it.
 */
export function settle(roots: readonly unknown[]): void {
  const seen = new WeakSet<object>();
  const pending: object[] = roots.filter(isObject);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (seen.has(next)) continue;
    seen.add(next);
    readLazyMembers(next);
    for (const key of Reflect.ownKeys(next)) {
      const value = read(next, key);
      if (isObject(value)) pending.push(value);
    }
  }
}

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;

function read(object: object, key: PropertyKey): unknown {
  try {
    return (object as Record<PropertyKey, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** Reads each accessor of the object's prototypes through the object (which stores what it builds). */
function readLazyMembers(object: object): void {
  for (
    let proto: object | null = Object.getPrototypeOf(object) as object | null;
    proto !== null && proto !== Object.prototype && proto !== Array.prototype;
    proto = Object.getPrototypeOf(proto) as object | null
  ) {
    for (const key of Reflect.ownKeys(proto)) {
      if (Object.getOwnPropertyDescriptor(proto, key)?.get) read(object, key);
    }
  }
}
