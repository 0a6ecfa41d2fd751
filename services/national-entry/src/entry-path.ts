import type { NationalEntryPath } from '@fanpin/contracts';

/** The path of a township's cases: its own when the settings name one, else the deployment's. */
export function entryPathOf(
  townshipCode: string,
  deployment: NationalEntryPath,
  townshipPaths: readonly string[],
): NationalEntryPath {
  for (const item of townshipPaths) {
    const [code, path] = item.split('=') as [string, NationalEntryPath];
    if (code === townshipCode) return path;
  }
  return deployment;
}
