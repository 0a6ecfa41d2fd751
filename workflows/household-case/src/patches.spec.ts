import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { LivePatches } from './patches';

/** Every patch id the workflow code decides with a `patched` or `deprecatePatch` call. */
async function patchIdsInCode(): Promise<string[]> {
  const dir = __dirname;
  const ids: string[] = [];
  for (const file of await readdir(dir)) {
    if (!file.endsWith('.ts') || file.endsWith('.spec.ts') || file === 'patches.ts') continue;
    const source = await readFile(path.join(dir, file), 'utf8');
    for (const match of source.matchAll(/\b(?:patched|deprecatePatch)\(\s*([^)]*)\)/g)) {
      const literal = /^'([^']+)'$/.exec(match[1]?.trim() ?? '');
      // A patch id is written where it is decided, as a literal, so that this list can be checked.
      ids.push(literal ? literal[1]! : `<not a literal in ${file}: ${match[1]}>`);
    }
  }
  return [...new Set(ids)].sort();
}

describe('the live patches (docs/releases.md)', () => {
  it('lists exactly the patches the workflow code decides', async () => {
    expect(await patchIdsInCode()).toEqual(LivePatches.map((p) => p.id).sort());
  });

  it('names for each the release that introduced it, and deprecates only later', () => {
    for (const patch of LivePatches) {
      expect(patch.since).toMatch(/^v\d+\.\d+\.\d+$/);
      if (patch.deprecatedFrom) expect(patch.deprecatedFrom).toMatch(/^v\d+\.\d+\.\d+$/);
    }
  });
});
