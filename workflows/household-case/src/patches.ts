/**
 * The live patches of the workflow code: every id given to a `patched` or `deprecatePatch` call in
 * workflows/, with the release that introduced it and the one from which it is deprecated. Empty
 * until a change after the first release alters the commands of running cases (docs/releases.md);
 * patches.spec.ts keeps this list and the code in step.
 */
export const LivePatches: readonly { id: string; since: string; deprecatedFrom?: string }[] = [];
