import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { bundleWorkflowCode } from '@temporalio/worker';

import { failureConverterPath, workflowInterceptorsPath } from '@fanpin/platform';

/** Workspace root, from this file's place in `services/workflow-worker/{src,dist}`. */
const root = path.resolve(__dirname, '../../..');

/**
 * Path aliases of the deterministic libs the workflows may use. They point at the TypeScript
 * sources, which the bundler compiles: the workflow bundle never depends on a prior `tsc` build.
 */
const aliases: Record<string, string> = {
  '@fanpin/contracts': path.join(root, 'libs/contracts/src/index.ts'),
  '@fanpin/domain': path.join(root, 'libs/domain/src/index.ts'),
};

type BundleLogger = NonNullable<Parameters<typeof bundleWorkflowCode>[0]['logger']>;

export const workflowsPath = path.join(root, 'workflows/household-case/src/index.ts');
export const defaultBundlePath = path.join(
  root,
  'workflows/household-case/dist/workflow-bundle.js',
);

/** The production workflows and the benchmark's (no-op, bare counter): `npm run bench` only. */
export const benchWorkflowsPath = path.join(root, 'workflows/household-case/src/bench/index.ts');
export const benchBundlePath = path.join(
  root,
  'workflows/household-case/dist/bench-workflow-bundle.js',
);

/**
 * Loaded once per worker into the reusable V8 context and shared, deep-frozen, by every workflow,
 * instead of evaluated again for each one: the libs and the workflow modules hold constants, rules,
 * message definitions and activity proxies, never state of their own (each run keeps its state in
 * the objects its workflow function makes). Evaluated per workflow, they cost memory for every
 * cached case and time for every case started or replayed. The lint rule against module-level `let`
 * in sandbox code (eslint.config.mjs) keeps them so: per-run state at module level would leak from
 * one case to another.
 */
export const sharedModules = [
  '@fanpin/contracts',
  '@fanpin/domain',
  workflowsPath,
  workflowInterceptorsPath,
];

/**
 * Bundles the workflow code, with the libs' path aliases resolved to their sources, the failure
 * converter of the workers' data converter (failures thrown in workflow code are converted inside
 * the sandbox: their messages must be encrypted too), and the workflow interceptors (correlation
 * ids and traces: a pre-built bundle is the only way they reach the worker).
 */
export async function bundleWorkflows(
  logger?: BundleLogger,
  entry = workflowsPath,
): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: entry,
    failureConverterPath,
    workflowInterceptorModules: [workflowInterceptorsPath],
    preloadModules: [...sharedModules, ...(entry === workflowsPath ? [] : [entry])],
    ...(logger ? { logger } : {}),
    webpackConfigHook: (config) => {
      config.resolve = config.resolve ?? {};
      config.resolve.alias = { ...(config.resolve.alias as Record<string, string>), ...aliases };
      // The source map places a workflow's stack frames in its TypeScript; its copy of every
      // source (more than half the bundle) serves only `showStackTraceSources`, which is off, and
      // every worker would parse it at start.
      config.devtool = 'inline-nosources-source-map';
      // Modules nothing uses, of packages that declare them free of side effects (most of
      // OpenTelemetry's semantic conventions, the contracts' HTTP shapes), stay out of it.
      config.optimization = { ...config.optimization, sideEffects: true, usedExports: true };
      return config;
    },
  });
  return code;
}

/** Only what needs attention: webpack's warnings and errors, on stderr. */
export const quietBundleLogger: BundleLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  log: () => undefined,
  warn: (message) => process.stderr.write(`workflow bundle: ${message}\n`),
  error: (message) => process.stderr.write(`workflow bundle: ${message}\n`),
};

/**
 * Builds the workflow bundle that production workers load (no bundling at worker start), or with
 * `bench` the benchmark's.
 */
export async function buildWorkflowBundle(bench = false): Promise<string> {
  const outputPath = bench ? benchBundlePath : defaultBundlePath;
  const code = await bundleWorkflows(quietBundleLogger, bench ? benchWorkflowsPath : workflowsPath);
  await mkdir(path.dirname(outputPath), { recursive: true });
  await writeFile(outputPath, code);
  return outputPath;
}
