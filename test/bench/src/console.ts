import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';

import { workspaceRoot } from '@fanpin/devstack';

import { bench } from './report';

const consoleDist = path.join(workspaceRoot, 'services/console/dist');

type ManifestChunk = { file: string; imports?: string[]; css?: string[]; isEntry?: boolean };

/**
 * The JavaScript a browser fetches to show the inbox on a first visit, gzipped: the entry, what it
 * imports, and the inbox page's own chunk with its imports (Vite's manifest names them all).
 */
export function firstLoadJsKiB(): number {
  const manifest = JSON.parse(
    readFileSync(path.join(consoleDist, '.vite/manifest.json'), 'utf8'),
  ) as Record<string, ManifestChunk>;
  const files = new Set<string>();
  const add = (key: string): void => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) add(imported);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) add(key);
  add('src/pages/Inbox.vue');
  let bytes = 0;
  for (const file of files) bytes += gzipSync(readFileSync(path.join(consoleDist, file))).length;
  return bytes / 1024;
}

interface ConsoleBenchContext {
  apiUrl: string;
  admin: { accountId: string; password: string };
}

async function call<T>(
  url: string,
  method: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(url, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : {}) as T,
    headers: response.headers,
  };
}

const village = '220681100200';

/** A village cadre's console session (its cookie), and a case of the cadre's village. */
async function cadreSession(
  context: ConsoleBenchContext,
): Promise<{ cookie: string; caseId: string }> {
  const { apiUrl, admin } = context;
  const adminToken = (await call<{ accessToken: string }>(`${apiUrl}/v1/auth/login`, 'POST', admin))
    .body.accessToken;
  const suffix = Date.now().toString(36);
  const password = `bench console ${suffix} passphrase`;
  await call(
    `${apiUrl}/v1/admin/accounts`,
    'POST',
    {
      accountId: `bench-cadre-${suffix}`,
      kind: 'staff',
      role: 'village-cadre',
      divisionCode: village,
      password,
    },
    adminToken,
  );
  const bureau = await call<{ clientSecret: string }>(
    `${apiUrl}/v1/admin/accounts`,
    'POST',
    {
      accountId: `bench-bureau-${suffix}`,
      kind: 'integration',
      role: 'sector-bureau',
      divisionCode: '220681',
      org: 'health',
    },
    adminToken,
  );
  const bureauToken = (
    await call<{ accessToken: string }>(`${apiUrl}/v1/auth/token`, 'POST', {
      clientId: `bench-bureau-${suffix}`,
      clientSecret: bureau.body.clientSecret,
    })
  ).body.accessToken;
  const posted = await call<{ caseId: string }>(
    `${apiUrl}/v1/alerts`,
    'POST',
    {
      alertId: `BENCH-CONSOLE-${suffix}`,
      bureau: 'health',
      villageCode: village,
      head: { name: '测试户主', residentId: '11010519491231002X' },
      triggers: [2],
    },
    bureauToken,
  );
  const session = await call(`${apiUrl}/v1/auth/session`, 'POST', {
    accountId: `bench-cadre-${suffix}`,
    password,
  });
  const cookie = session.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  // The case file is read from PostgreSQL once the case has opened its first task.
  for (let i = 0; i < 60; i++) {
    const file = await fetch(`${apiUrl}/v1/cases/${posted.body.caseId}/file`, {
      headers: { cookie },
    });
    if (file.status === 200) break;
    await sleep(500);
  }
  return { cookie, caseId: posted.body.caseId };
}

/**
 * Lighthouse (desktop settings, throttled as its desktop preset throttles) against the inbox and a
 * case file in the machine's Chromium, signed in by the console's cookie: the lowest score of the
 * two pages in each category.
 */
async function lighthouseScores(
  urls: string[],
  cookie: string,
): Promise<{ performance: number; accessibility: number }> {
  // Lighthouse is published as ES modules only.
  const { default: lighthouse, desktopConfig } = (await import('lighthouse')) as unknown as {
    default: (url: string, flags: object, config?: object) => Promise<{ lhr: LighthouseResult }>;
    desktopConfig: object;
  };
  const chromeLauncher = (await import('chrome-launcher')) as unknown as {
    launch(options: object): Promise<{ port: number; kill(): Promise<void> }>;
  };
  const chromePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']
    .filter((p): p is string => !!p)
    .find((p) => existsSync(p));
  const chrome = await chromeLauncher.launch({
    chromePath,
    chromeFlags: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
  try {
    let performance = 1;
    let accessibility = 1;
    for (const url of urls) {
      // The first visit warms the server's caches; the second is the one scored.
      for (const scored of [false, true]) {
        const { lhr } = await lighthouse(
          url,
          {
            port: chrome.port,
            output: 'json',
            logLevel: 'error',
            onlyCategories: ['performance', 'accessibility'],
            extraHeaders: { cookie },
          },
          desktopConfig,
        );
        if (!scored) continue;
        const p = lhr.categories.performance?.score ?? 0;
        const a = lhr.categories.accessibility?.score ?? 0;
        process.stderr.write(
          `[bench] lighthouse ${new URL(url).pathname}: performance ${p}, accessibility ${a}\n`,
        );
        performance = Math.min(performance, p);
        accessibility = Math.min(accessibility, a);
      }
    }
    return { performance: performance * 100, accessibility: accessibility * 100 };
  } finally {
    await chrome.kill();
  }
}

type LighthouseResult = { categories: Record<string, { score: number | null } | undefined> };

/** The console's figures: first-load JavaScript, and Lighthouse's scores of its busiest pages. */
export async function runConsoleBench(context: ConsoleBenchContext): Promise<void> {
  bench('console.first_load_js', firstLoadJsKiB(), 'KiB', 1);
  const { cookie, caseId } = await cadreSession(context);
  const scores = await lighthouseScores(
    [`${context.apiUrl}/inbox`, `${context.apiUrl}/cases/${caseId}`],
    cookie,
  );
  bench('console.lighthouse.performance', scores.performance, 'score', 0);
  bench('console.lighthouse.accessibility', scores.accessibility, 'score', 0);
}
