import { execFileSync } from 'node:child_process';
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import YAML from 'yaml';

import { TEMPORAL_SERVER_VERSION } from '../../libs/devstack/src/temporal-postgres';
import { jwksOf } from '../../libs/devstack/src/temporal-auth';
import { TEMPORAL_UI_PUBLIC_PATH, TEMPORAL_UI_VERSION } from '../../libs/devstack/src/temporal-ui';
import { nodeOptions } from '../../libs/devstack/src/services';
import { TemporalTokenMinter, type Setting } from '../../libs/platform/src';
import { settings as apiSettings } from '../../services/api/src/settings';
import { settings as assistanceSettings } from '../../services/assistance/src/settings';
import { settings as intakeSettings } from '../../services/intake/src/settings';
import { settings as nationalEntrySettings } from '../../services/national-entry/src/settings';
import { settings as nationalSimSettings } from '../../services/national-sim/src/settings';
import { settings as verificationSettings } from '../../services/verification/src/settings';
import { settings as workflowWorkerSettings } from '../../services/workflow-worker/src/settings';

/**
 * The Kubernetes manifests (the fanpin chart and the values of Temporal's chart) checked against
 * the code they deploy: no cluster or helm here, so the values are parsed and the templates read as
 * text, and each name, port, path and version is compared with its source in the repository.
 */

const root = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const chartDir = 'deploy/kubernetes/fanpin';
const template = (name: string) => read(`${chartDir}/templates/${name}`);
const templateNames = readdirSync(path.join(root, chartDir, 'templates'));

interface Resources {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}
interface ServiceValues {
  enabled: boolean;
  image: string;
  port: number;
  replicas: number;
  temporal: boolean;
  database: boolean;
  secretEnv: string[];
  optionalSecretEnv: string[];
  env: Record<string, string>;
  heapMiB?: number;
  resources: Resources;
}
interface ChartValues {
  publicUrl: string;
  database: { temporalRole: string };
  jobs: { image: string };
  logLevel: string;
  shutdownGraceSeconds: number;
  preStopSleepSeconds: number;
  terminationGracePeriodSeconds: number;
  podSecurityContext: Record<string, unknown>;
  containerSecurityContext: {
    allowPrivilegeEscalation: boolean;
    readOnlyRootFilesystem: boolean;
    capabilities: { drop: string[] };
  };
  temporal: {
    address: string;
    namespace: string;
    retention: string;
    auth: { enabled: boolean; keyId: string; issuer: string };
  };
  services: Record<string, ServiceValues>;
  namespaceJob: { image: string };
  temporalUi: { image: string; port: number };
  jwks: { port: number };
}
interface SqlStore {
  pluginName: string;
  databaseName: string;
  existingSecret: string;
  manageSchema: boolean;
  createDatabase: boolean;
  user: string;
}
interface TemporalValues {
  server: {
    image: { tag: string };
    metrics: { annotations: { enabled: boolean } };
    dynamicConfig: unknown;
    config: {
      persistence: {
        defaultStore: string;
        visibilityStore: string;
        numHistoryShards: number;
        datastores: Record<string, { sql: SqlStore }>;
      };
      authorization: {
        jwtKeyProvider: { keySourceURIs: string[]; refreshInterval: string };
        permissionsClaimName: string;
        authorizer: string;
        claimMapper: string;
      };
      namespaces: { create: boolean };
    };
    'internal-frontend': { enabled: boolean };
  };
  admintools: { enabled: boolean; image: { tag: string } };
  web: { enabled: boolean };
  shims: { dockerize: boolean };
  extraObjects: string[];
}
interface NetworkPolicy {
  kind: string;
  spec: {
    podSelector: { matchLabels: Record<string, string> };
    ingress: { from?: unknown[]; ports?: unknown[] }[];
  };
}
interface ComposeService {
  image?: string;
  build?: { target?: string };
  environment?: Record<string, string>;
  entrypoint?: string[];
  volumes?: string[];
}

const values = YAML.parse(read(`${chartDir}/values.yaml`)) as ChartValues;
const temporalValues = YAML.parse(read('deploy/kubernetes/temporal-values.yaml')) as TemporalValues;
const compose = YAML.parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const dockerfile = read('deploy/Dockerfile');

const serviceSettings: Record<string, Record<string, Setting<unknown>>> = {
  api: apiSettings,
  intake: intakeSettings,
  verification: verificationSettings,
  assistance: assistanceSettings,
  'national-entry': nationalEntrySettings,
  'workflow-worker': workflowWorkerSettings,
  'national-sim': nationalSimSettings,
};

/** The PORT and CMD of each runtime target of deploy/Dockerfile. */
function dockerTargets(): Record<string, { port?: number; cmd: string }> {
  const targets: Record<string, { port?: number; cmd: string }> = {};
  for (const block of dockerfile.split(/^FROM /m).slice(1)) {
    const target = /^runtime AS ([\w-]+)/.exec(block)?.[1];
    if (!target) continue;
    const port = /^ENV PORT=(\d+)/m.exec(block)?.[1];
    const cmd = /^CMD (\[.*\])/m.exec(block)?.[1] ?? '[]';
    targets[target] = { ...(port ? { port: Number(port) } : {}), cmd };
  }
  return targets;
}

/** The YAML documents of a template, split on `---` lines. */
const documents = (text: string) => text.split(/^---$/m);

/** Keys of a ConfigMap document's data, as the template writes them (two spaces in). */
const dataKeys = (text: string) =>
  [...text.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!);

/** Variable names a template sets with `- name: X`. */
const envNames = (text: string) =>
  [...text.matchAll(/^\s+- name: ([A-Z][A-Z0-9_]*)$/gm)].map((m) => m[1]!);

/** Variables that only build other values (`$(NAME)` in a database URL), never read by a program. */
const urlHelpers = (text: string) =>
  [...text.matchAll(/fanpin\.databaseUrl" \(list [^)]*?"([A-Z][A-Z0-9_]*)"/g)].map((m) => m[1]!);

const configMapText = template('configmap.yaml');
const commonKeys = dataKeys(
  documents(configMapText).find((d) => /name: \{\{ \$fullname \}\}-common$/m.test(d)) ?? '',
);
const temporalKeys = dataKeys(
  documents(configMapText).find((d) => /name: \{\{ \$fullname \}\}-temporal$/m.test(d)) ?? '',
);

/** Keys the per-service ConfigMap adds for one service by name (`if eq $name "..."` blocks). */
function computedKeys(name: string): string[] {
  const blocks = [
    ...configMapText.matchAll(/\{\{- if eq \$name "([\w-]+)" \}\}([\s\S]*?)\n {2}\{\{- end \}\}/g),
  ];
  return blocks.filter((b) => b[1] === name).flatMap((b) => dataKeys(b[2]!));
}

/** Every variable the chart gives a service's container, from the values and the templates. */
function chartEnv(name: string): string[] {
  const svc = values.services[name]!;
  return [
    ...commonKeys,
    ...(svc.temporal ? temporalKeys : []),
    ...Object.entries(svc.env)
      .filter(([, value]) => value !== '')
      .map(([key]) => key),
    ...computedKeys(name),
    'PORT',
    ...(svc.database ? ['DATABASE_URL'] : []),
    ...svc.secretEnv,
    ...svc.optionalSecretEnv,
  ];
}

const mebibytes = (quantity: string) => {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!match) throw new Error(`unexpected memory quantity ${quantity}`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
};

const appServices = Object.entries(compose.services)
  .filter(([, s]) => s.build?.target && s.build.target !== 'migrate')
  .map(([name]) => name);

describe('the Kubernetes manifests', () => {
  it('run the processes docker-compose.yml runs, from the same images and ports', () => {
    const targets = dockerTargets();
    expect(Object.keys(values.services).sort()).toEqual([...appServices].sort());
    expect(appServices.length).toBeGreaterThanOrEqual(7);
    for (const name of appServices) {
      const svc = values.services[name]!;
      expect(compose.services[name]!.build?.target).toBe(name);
      expect(`${svc.image}:`).toBe(compose.services[name]!.image?.replace(/:.*$/, ':'));
      expect(svc.port).toBe(targets[name]?.port);
      expect(Object.keys(serviceSettings)).toContain(name);
    }
    // Compose's one-shots: the same programs as hooks here, or Temporal's chart's schema job.
    const hooks = ['database-roles', 'migrate', 'temporal-namespace'];
    for (const job of hooks) {
      expect(compose.services[job]).toBeDefined();
      expect(template(`job-${job}.yaml`)).toMatch(/"helm\.sh\/hook": pre-install,pre-upgrade/);
    }
    expect(compose.services['temporal-schema']).toBeDefined();
    for (const store of Object.values(temporalValues.server.config.persistence.datastores)) {
      expect(store.sql.manageSchema).toBe(true);
    }
    // Roles, then migrations, then the namespace: in Helm's hook weights.
    const weight = (job: string) =>
      Number(/"helm\.sh\/hook-weight": "(-?\d+)"/.exec(template(`job-${job}.yaml`))?.[1]);
    expect(weight('database-roles')).toBeLessThan(weight('migrate'));
    expect(weight('migrate')).toBeLessThan(weight('temporal-namespace'));
    expect(values.jobs.image).toBe(compose.services.migrate!.image?.replace(/:.*$/, ''));
  });

  it('give each service the settings it needs and none it does not read', () => {
    const deployment = template('deployment.yaml');
    // The model of chartEnv: the literal variables of the Deployment template, and where the rest
    // come from.
    expect(new Set(envNames(deployment))).toEqual(
      new Set(['PORT', 'DATABASE_APP_PASSWORD', 'DATABASE_URL']),
    );
    expect(urlHelpers(deployment)).toEqual(['DATABASE_APP_PASSWORD']);
    expect(deployment).toMatch(/configMapRef:\n\s+name: \{\{ \$fullname \}\}-common/);
    expect(deployment).toMatch(
      /\{\{- if \$svc\.temporal \}\}\n\s+- configMapRef:\n\s+name: \{\{ \$fullname \}\}-temporal/,
    );
    expect(deployment).toMatch(/range \$key := \$svc\.secretEnv/);
    expect(deployment).toMatch(/range \$key := \$svc\.optionalSecretEnv/);
    expect(deployment).toMatch(/\{\{- if \$svc\.database \}\}\n\s+- name: DATABASE_APP_PASSWORD/);
    expect(commonKeys).toEqual(['HOST', 'LOG_LEVEL', 'SHUTDOWN_GRACE_SECONDS', 'METRICS_PORT']);
    expect(temporalKeys).toContain('TEMPORAL_ADDRESS');
    expect(temporalKeys).toContain('TEMPORAL_AUTH_KEY_FILE');

    for (const name of appServices) {
      const settings = serviceSettings[name]!;
      const known = Object.keys(settings);
      const svc = values.services[name]!;
      const env = chartEnv(name);
      expect({ name, unknown: env.filter((key) => !known.includes(key)) }).toEqual({
        name,
        unknown: [],
      });
      // What compose gives the service, the chart gives it too.
      const composed = Object.keys(compose.services[name]!.environment ?? {});
      expect({ name, missing: composed.filter((key) => !env.includes(key)) }).toEqual({
        name,
        missing: [],
      });
      // Every setting without a default is provided.
      const required = known.filter((key) => {
        try {
          settings[key]!.parse(undefined, key);
          return false;
        } catch {
          return true;
        }
      });
      expect({ name, missing: required.filter((key) => !env.includes(key)) }).toEqual({
        name,
        missing: [],
      });
      expect(svc.temporal).toBe(known.includes('TEMPORAL_ADDRESS'));
      expect(svc.database).toBe(known.includes('DATABASE_URL'));
      // The values themselves pass the services' own validation.
      for (const [key, value] of Object.entries(svc.env)) {
        if (value !== '') expect(() => settings[key]!.parse(value, key)).not.toThrow();
      }
      expect(() => settings.PORT!.parse(String(svc.port), 'PORT')).not.toThrow();
    }

    const common = apiSettings;
    expect(() => common.LOG_LEVEL.parse(values.logLevel, 'LOG_LEVEL')).not.toThrow();
    expect(() =>
      common.SHUTDOWN_GRACE_SECONDS.parse(String(values.shutdownGraceSeconds), 'S'),
    ).not.toThrow();
    expect(() => common.TEMPORAL_ADDRESS.parse(values.temporal.address, 'A')).not.toThrow();
    expect(() => common.TEMPORAL_NAMESPACE.parse(values.temporal.namespace, 'N')).not.toThrow();
    expect(() => common.TEMPORAL_AUTH_KEY_ID.parse(values.temporal.auth.keyId, 'K')).not.toThrow();
    // The API's computed settings, as the ConfigMap renders them for release `fanpin`.
    const publicUrl = values.publicUrl.replace(/\/$/, '');
    expect(computedKeys('api').sort()).toEqual(
      ['CODEC_CORS_ORIGINS', 'TEMPORAL_UI_UPSTREAM', 'TEMPORAL_UI_URL'].sort(),
    );
    const upstream = `http://fanpin-temporal-ui:${values.temporalUi.port}`;
    expect(() => apiSettings.TEMPORAL_UI_UPSTREAM.parse(upstream, 'U')).not.toThrow();
    expect(() =>
      apiSettings.TEMPORAL_UI_URL.parse(`${publicUrl}${TEMPORAL_UI_PUBLIC_PATH}`, 'U'),
    ).not.toThrow();
    expect(() => apiSettings.CODEC_CORS_ORIGINS.parse(publicUrl, 'C')).not.toThrow();
    expect(computedKeys('national-entry')).toContain('NATIONAL_SYSTEM_URL');
  });

  it('set in the jobs only what their programs read', () => {
    const cliKeys = (file: string) => {
      const text = read(file);
      const block = /const settings = \{([\s\S]*?)\n\};/.exec(text)?.[1] ?? '';
      return [
        ...[...block.matchAll(/^\s{2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!),
        ...(block.includes('...databaseSettings') ? ['DATABASE_URL'] : []),
      ];
    };
    const envReads = (dir: string) =>
      readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
        .flatMap((f) => [...read(`${dir}/${f}`).matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)])
        .map((m) => m[1]!);
    const script = read(`${chartDir}/files/register-namespace.sh`);
    const scriptVars = [...script.matchAll(/\$\{([A-Z][A-Z0-9_]*):-/g)].map((m) => m[1]!);
    // The Temporal CLI's own variables (temporal --help), and a home for it.
    const cliVars = [
      'TEMPORAL_API_KEY',
      'TEMPORAL_TLS',
      'TEMPORAL_TLS_CA',
      'TEMPORAL_TLS_CERT',
      'TEMPORAL_TLS_KEY',
      'TEMPORAL_TLS_SERVER_NAME',
      'HOME',
    ];
    const jobs: Record<string, string[]> = {
      'database-roles': cliKeys('libs/persistence/src/roles-cli.ts'),
      migrate: [
        ...cliKeys('libs/persistence/src/migrate-cli.ts'),
        ...envReads('libs/persistence/src'),
      ],
      // Its init container mints the admin token with the key (token-cli.ts reads these).
      'temporal-namespace': [
        ...scriptVars,
        ...cliVars,
        'TEMPORAL_AUTH_KEY_FILE',
        'TEMPORAL_AUTH_KEY_ID',
        'TEMPORAL_AUTH_ISSUER',
      ],
    };
    expect(jobs['database-roles']).toEqual(
      expect.arrayContaining(['DATABASE_ADMIN_URL', 'TEMPORAL_DATABASE_URL', 'DATABASE_URL']),
    );
    for (const [job, known] of Object.entries(jobs)) {
      const text = template(`job-${job}.yaml`);
      const helpers = urlHelpers(text);
      const set = envNames(text).filter((n) => !helpers.includes(n));
      expect({ job, unknown: set.filter((n) => !known.includes(n)) }).toEqual({ job, unknown: [] });
      const composed = Object.keys(compose.services[job]!.environment ?? {});
      expect({ job, missing: composed.filter((n) => !set.includes(n)) }).toEqual({
        job,
        missing: [],
      });
      // A URL's password variable is defined before the URL that uses it.
      for (const helper of helpers) {
        expect(text.indexOf(`- name: ${helper}`)).toBeGreaterThan(-1);
        expect(text.indexOf(`- name: ${helper}`)).toBeLessThan(text.indexOf(`"${helper}"`));
      }
    }
    // Compose's namespace job runs the chart's script itself.
    expect(compose.services['temporal-namespace']!.volumes).toContain(
      `./${chartDir}/files/register-namespace.sh:/scripts/register-namespace.sh:ro`,
    );
    // The namespace job's init container mints its admin token into memory, from the signing key,
    // with the program the compose file's job runs; the CLI's TLS comes from the values.
    const namespaceJob = template('job-temporal-namespace.yaml');
    const minting = 'node libs/platform/dist/temporal/token-cli.js temporal-system:admin';
    expect(namespaceJob).toContain(`${minting} > /tokens/admin`);
    expect(compose.services['temporal-admin-token']!.entrypoint).toEqual(
      expect.arrayContaining([expect.stringContaining(minting)]),
    );
    expect(namespaceJob).toMatch(/- name: TEMPORAL_API_KEY_FILE\n\s+value: \/tokens\/admin/);
    expect(namespaceJob).toMatch(/emptyDir:\n\s+medium: Memory/);
    expect(namespaceJob).toMatch(/- name: TEMPORAL_TLS\n\s+value: \{\{ \.Values\.temporal\.tls/);
    expect(values.namespaceJob.image).toBe(compose.services['temporal-namespace']!.image);
  });

  it('probe every Deployment on its real health paths, bound its resources and stop it gracefully', () => {
    const health = read('libs/platform/src/health/health.controller.ts');
    expect(health).toMatch(/@Controller\('health'\)/);
    expect(health).toMatch(/@Get\('live'\)/);
    expect(health).toMatch(/@Get\('ready'\)/);
    const mains = Object.keys(serviceSettings).map((name) => read(`services/${name}/src/main.ts`));
    for (const text of [...mains, read('libs/platform/src/bootstrap/run-service.ts')]) {
      expect(text).not.toMatch(/setGlobalPrefix/);
    }

    const deploymentTemplates = templateNames.filter((n) =>
      /^kind: Deployment$/m.test(template(n)),
    );
    expect(deploymentTemplates.sort()).toEqual(
      ['deployment.yaml', 'jwks.yaml', 'temporal-ui.yaml'].sort(),
    );
    for (const name of deploymentTemplates) {
      const text = template(name);
      for (const part of [
        /livenessProbe:/,
        /readinessProbe:/,
        /resources:\n\s+\{\{- toYaml/,
        /terminationGracePeriodSeconds: \{\{/,
        /include "fanpin\.preStop"/,
        /securityContext:\n\s+\{\{- toYaml \.?\$?\.?Values\.podSecurityContext/,
        /securityContext:\n\s+\{\{- toYaml \(?(mergeOverwrite \(deepCopy )?\$?\.Values\.containerSecurityContext/,
        /automountServiceAccountToken: false/,
      ]) {
        expect({ name, part: part.source, found: part.test(text) }).toEqual({
          name,
          part: part.source,
          found: true,
        });
      }
    }
    const deployment = template('deployment.yaml');
    expect(deployment).toMatch(/livenessProbe:\n\s+httpGet:\n\s+path: \/health\/live\n/);
    expect(deployment).toMatch(/readinessProbe:\n\s+httpGet:\n\s+path: \/health\/ready\n/);
    expect(deployment).toMatch(/startupProbe:\n\s+httpGet:\n\s+path: \/health\/live\n/);
    expect(deployment).toMatch(/containerPort: \{\{ \$svc\.port \}\}/);
    expect(deployment).toMatch(/resources:\n\s+\{\{- toYaml \$svc\.resources/);
    expect(template('_helpers.tpl')).toMatch(
      /preStop:\n\s+exec:\n\s+command: \["sleep", "\{\{ \.Values\.preStopSleepSeconds \}\}"\]/,
    );

    // SIGTERM comes after the preStop sleep; the drain gets SHUTDOWN_GRACE_SECONDS after that.
    expect(values.preStopSleepSeconds).toBeGreaterThan(0);
    expect(values.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(
      values.preStopSleepSeconds + values.shutdownGraceSeconds + 5,
    );
    // The images run as the unprivileged `node` user (uid 1000) and write nothing of their own.
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(values.podSecurityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(values.containerSecurityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
  });

  it('replicate the workers, budget their disruptions and give the workflow worker its heap', () => {
    for (const [name, svc] of Object.entries(values.services)) {
      expect({ name, requests: Object.keys(svc.resources.requests).sort() }).toEqual({
        name,
        requests: ['cpu', 'memory'],
      });
      expect({ name, limits: Object.keys(svc.resources.limits).sort() }).toEqual({
        name,
        limits: ['cpu', 'memory'],
      });
      expect(mebibytes(svc.resources.limits.memory)).toBeGreaterThanOrEqual(
        mebibytes(svc.resources.requests.memory),
      );
      if (name === 'national-sim') {
        expect(svc.enabled).toBe(false);
      } else {
        expect({ name, enabled: svc.enabled, replicas: svc.replicas }).toEqual({
          name,
          enabled: true,
          replicas: 2,
        });
      }
    }
    expect(template('pdb.yaml')).toMatch(
      /range \$name, \$svc := \.Values\.services \}\}\n\{\{- if and \$svc\.enabled \(gt \(int \$svc\.replicas\) 1\) \}\}/,
    );
    expect(template('pdb.yaml')).toMatch(/kind: PodDisruptionBudget\n[\s\S]*maxUnavailable: 1/);

    const worker = values.services['workflow-worker']!;
    const dockerHeap = Number(
      /--max-old-space-size=(\d+)/.exec(dockerTargets()['workflow-worker']!.cmd)?.[1],
    );
    const devstackHeap = Number(
      /--max-old-space-size=(\d+)/.exec(nodeOptions['workflow-worker']?.join(' ') ?? '')?.[1],
    );
    expect(worker.heapMiB).toBe(dockerHeap);
    expect(worker.heapMiB).toBe(devstackHeap);
    expect(mebibytes(worker.resources.limits.memory)).toBeGreaterThan(worker.heapMiB! + 1024);
    // The cache of MAX_CACHED_WORKFLOWS cases (some 300 KiB each) fits in the heap.
    const cached = Number(worker.env.MAX_CACHED_WORKFLOWS);
    expect(200 + (cached * 300) / 1024).toBeLessThan(worker.heapMiB!);
    for (const [name, svc] of Object.entries(values.services)) {
      if (name !== 'workflow-worker') {
        expect(mebibytes(worker.resources.limits.memory)).toBeGreaterThan(
          mebibytes(svc.resources.limits.memory),
        );
        expect(svc.heapMiB).toBeUndefined();
      }
    }
    // The chart starts the worker as the image does, with the heap of the values.
    const imageCmd = JSON.parse(dockerTargets()['workflow-worker']!.cmd) as string[];
    expect(template('deployment.yaml')).toContain(
      `args: ["node", "--max-old-space-size={{ $svc.heapMiB }}", "services/{{ $name }}/dist/main.js"]`,
    );
    expect(imageCmd).toEqual([
      'node',
      `--max-old-space-size=${dockerHeap}`,
      'services/workflow-worker/dist/main.js',
    ]);
  });

  it("configure Temporal's chart as the project's server: version, dynamic config, stores, authorizer", () => {
    const server = temporalValues.server;
    expect(`v${server.image.tag}`).toBe(TEMPORAL_SERVER_VERSION);
    expect(compose.services.temporal!.image).toBe(`temporalio/server:${server.image.tag}`);
    expect(`temporalio/admin-tools:${temporalValues.admintools.image.tag}`).toBe(
      compose.services['temporal-schema']!.image,
    );
    expect(temporalValues.admintools.enabled).toBe(true);
    // Server images before 1.30 need the chart's dockerize shim.
    const [major, minor] = server.image.tag.split('.').map(Number);
    expect(temporalValues.shims.dockerize).toBe(major === 1 && minor! < 30);

    expect(server.dynamicConfig).toEqual(YAML.parse(read('deploy/temporal/dynamicconfig.yaml')));

    const persistence = server.config.persistence;
    expect(persistence.numHistoryShards).toBeGreaterThanOrEqual(4);
    const stores = persistence.datastores;
    expect(Object.keys(stores).sort()).toEqual(
      [persistence.defaultStore, persistence.visibilityStore].sort(),
    );
    expect(stores[persistence.defaultStore]!.sql.databaseName).toBe('temporal');
    expect(stores[persistence.visibilityStore]!.sql.databaseName).toBe('temporal_visibility');
    for (const { sql } of Object.values(stores)) {
      expect(sql.pluginName).toBe('postgres12');
      expect(sql.user).toBe(values.database.temporalRole);
      expect(sql.existingSecret).toBeTruthy();
      expect(sql).not.toHaveProperty('password');
    }

    // The authorizer as the devstack configures it, its keys from the fanpin chart's JWKS server.
    const authorization = server.config.authorization;
    const devstack = read('libs/devstack/src/temporal-postgres.ts');
    expect(authorization.authorizer).toBe('default');
    expect(authorization.claimMapper).toBe('default');
    expect(devstack).toContain(`authorizer: ${authorization.authorizer}`);
    expect(devstack).toContain(`claimMapper: ${authorization.claimMapper}`);
    expect(devstack).toContain(`permissionsClaimName: ${authorization.permissionsClaimName}`);
    expect(devstack).toContain(`refreshInterval: ${authorization.jwtKeyProvider.refreshInterval}`);
    expect(authorization.jwtKeyProvider.keySourceURIs).toEqual([
      `http://fanpin-jwks.fanpin.svc:${values.jwks.port}/jwks.json`,
    ]);
    expect(values.temporal.auth.enabled).toBe(true);
    expect(template('jwks.yaml')).toMatch(/name: \{\{ \$fullname \}\}-jwks\n/);
    expect(template('jwks.yaml')).toMatch(/jwks\.json: \{\{ \$jwks \| quote \}\}/);
    expect(template('jwks.yaml')).toMatch(/"-h", "\/www"/);
    // The server's own workers bypass the authorizer through the internal frontend, which admits
    // the release's own pods alone.
    expect(server['internal-frontend'].enabled).toBe(true);
    const policy = temporalValues.extraObjects
      .map(
        (text) =>
          YAML.parse(text.replace(/\{\{ \.Release\.Name \}\}/g, 'temporal')) as NetworkPolicy,
      )
      .find((o) => o.kind === 'NetworkPolicy');
    expect(policy?.spec.podSelector.matchLabels).toEqual({
      'app.kubernetes.io/instance': 'temporal',
      'app.kubernetes.io/component': 'internal-frontend',
    });
    expect(policy?.spec.ingress[0]?.from).toEqual([
      { podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'temporal' } } },
    ]);
    expect(policy?.spec.ingress.slice(1).every((rule) => !rule.from)).toBe(true);
    expect(server.config.namespaces.create).toBe(false);
    expect(server.metrics.annotations.enabled).toBe(true);
    // The chart's own UI is off: the fanpin chart runs the read-only one behind the API.
    expect(temporalValues.web.enabled).toBe(false);
    // The services reach the frontend of release `temporal` in the namespace `temporal`.
    expect(values.temporal.address).toBe('temporal-frontend.temporal.svc:7233');
  });

  it('run the Temporal Web UI read-only, unexposed, where the API proxies to it', () => {
    const ui = template('temporal-ui.yaml');
    expect(values.temporalUi.image).toBe(`temporalio/ui:${TEMPORAL_UI_VERSION.replace(/^v/, '')}`);
    const env = (name: string) =>
      new RegExp(`- name: ${name}\\n\\s+value: "?([^"\\n]*)"?\\n`).exec(ui)?.[1];
    expect(env('TEMPORAL_UI_PUBLIC_PATH')).toBe(TEMPORAL_UI_PUBLIC_PATH);
    expect(env('TEMPORAL_DISABLE_WRITE_ACTIONS')).toBe('true');
    expect(env('TEMPORAL_AUTH_ENABLED')).toBe('false');
    expect(env('TEMPORAL_CODEC_ENDPOINT')).toBe('/codec');
    expect(env('TEMPORAL_CODEC_INCLUDE_CREDENTIALS')).toBe('true');
    for (const action of ['TERMINATE', 'CANCEL', 'SIGNAL', 'UPDATE', 'RESET']) {
      expect(env(`TEMPORAL_WORKFLOW_${action}_DISABLED`)).toBe('true');
    }
    expect(env('TEMPORAL_BATCH_ACTIONS_DISABLED')).toBe('true');
    expect(env('TEMPORAL_START_WORKFLOW_DISABLED')).toBe('true');
    expect(ui).toMatch(/name: \{\{ \$fullname \}\}-temporal-ui\n[\s\S]*type: ClusterIP/);
    expect(ui).not.toMatch(/kind: Ingress|type: (NodePort|LoadBalancer)/);
    expect(ui).toMatch(/kind: NetworkPolicy/);
    expect(ui).toMatch(/path: \/healthz/);
    // The API's upstream is that Service.
    expect(configMapText).toContain(
      'TEMPORAL_UI_UPSTREAM: {{ printf "http://%s-temporal-ui:%v" $fullname $.Values.temporalUi.port | quote }}',
    );
    // Only the API has an Ingress.
    for (const name of templateNames) {
      if (/kind: Ingress$/m.test(template(name))) expect(name).toBe('ingress.yaml');
    }
    expect(template('ingress.yaml')).toMatch(/name: \{\{ \$fullname \}\}-api\n\s+port:/);
  });

  it("make the key and JWKS Temporal's authorizer reads, and tokens it accepts", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fanpin-k8s-'));
    try {
      const run = () =>
        execFileSync(process.execPath, [path.join(root, 'tools/temporal-keys.mjs'), dir], {
          encoding: 'utf8',
          stdio: 'pipe',
        });
      const keyId = /^TEMPORAL_AUTH_KEY_ID=(\S+)$/m.exec(run())?.[1];
      expect(keyId).toMatch(/^fanpin-[0-9a-f]{16}$/);
      // Never a second key over the first: every token it signed would stop counting.
      expect(run).toThrow();
      const keyFile = path.join(dir, 'temporal-signing-key.pem');
      const jwks = JSON.parse(readFileSync(path.join(dir, 'temporal-jwks.json'), 'utf8')) as {
        keys: JsonWebKey[];
      };
      const publicPem = createPublicKey(readFileSync(keyFile))
        .export({ format: 'pem', type: 'spki' })
        .toString();
      // The same JWKS the devstack serves for its own key.
      expect(jwks).toEqual(jwksOf(publicPem, keyId!));

      // The services' and the namespace job's tokens verify against it.
      const { issuer } = values.temporal.auth;
      const minter = TemporalTokenMinter.fromFile(keyFile, keyId!, issuer);
      for (const token of [
        minter.mint('service:api', [`${values.temporal.namespace}:write`]),
        minter.mint('operator', ['temporal-system:admin'], 900),
      ]) {
        const [header, payload, signature] = token.split('.');
        const key = createPublicKey({ key: jwks.keys[0]!, format: 'jwk' });
        const valid = verify(
          'sha256',
          Buffer.from(`${header}.${payload}`),
          { key, dsaEncoding: 'ieee-p1363' },
          Buffer.from(signature!, 'base64url'),
        );
        expect(valid).toBe(true);
        expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toMatchObject({
          alg: 'ES256',
          kid: keyId,
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
