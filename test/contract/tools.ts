import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** Runs one of the workspace's Node tools; its exit code and output. */
function runTool(script: string, args: string[]): { status: number; output: string } {
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', script), ...args], {
    cwd: root,
    encoding: 'utf8',
    // Nothing leaves this machine: no telemetry, no update check.
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    timeout: 120_000,
  });
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

export interface LintTotals {
  errors: number;
  warnings: number;
  problems: { ruleId: string; severity: string; message: string }[];
}

/** `redocly lint` (its recommended rules) of a document file, as JSON. */
export function redoclyLint(file: string): LintTotals & { status: number } {
  const { status, output } = runTool('@redocly/cli/bin/cli.js', ['lint', file, '--format=json']);
  const json = output.slice(output.indexOf('{'), output.lastIndexOf('}') + 1);
  const report = JSON.parse(json) as {
    totals: { errors: number; warnings: number };
    problems: LintTotals['problems'];
  };
  return { status, ...report.totals, problems: report.problems };
}

/**
 * A client generated from the document (`openapi-typescript`) beside a copy of the usage file, and
 * a strict tsconfig that compiles both to CommonJS: the directory, ready for `compileClient`.
 */
export async function generateClient(documentFile: string, dir: string): Promise<string> {
  await mkdir(path.join(dir, 'generated'), { recursive: true });
  const generated = runTool('openapi-typescript/bin/cli.js', [
    documentFile,
    '--output',
    path.join(dir, 'generated', 'api.ts'),
  ]);
  if (generated.status !== 0) throw new Error(`openapi-typescript failed:\n${generated.output}`);
  await copyFile(path.join(__dirname, 'client', 'usage.ts'), path.join(dir, 'usage.ts'));
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022'],
      module: 'commonjs',
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: false,
      types: ['node'],
      typeRoots: [path.join(root, 'node_modules', '@types')],
      outDir: 'dist',
      skipLibCheck: true,
    },
    files: ['usage.ts', 'generated/api.ts'],
  };
  await writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  return dir;
}

/** `tsc` of the generated client and its uses. */
export function compileClient(dir: string): { status: number; output: string } {
  return runTool('typescript/bin/tsc', ['-p', path.join(dir, 'tsconfig.json')]);
}
