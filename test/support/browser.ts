import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';

import type { AccountSpec } from './accounts';
import type { TestSystem } from './harness';

/**
 * The machine's own Chromium (Debian's `chromium` package; `npm test` installs it when it can),
 * driven by playwright-core: no browser is downloaded. CHROMIUM_PATH names another one.
 */
export function chromiumPath(): string {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `no Chromium found (tried ${candidates.join(', ')}): install Debian's chromium package or set CHROMIUM_PATH`,
    );
  }
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // The machine's network is closed: Chromium's own background calls would only fail.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export const Screens = {
  office: { width: 1366, height: 768 },
  phone: { width: 390, height: 844 },
} as const;

/** A browser context as a member of staff in 临江 has it: Chinese, Beijing time. */
export function staffContext(
  browser: Browser,
  screen: keyof typeof Screens = 'office',
): Promise<BrowserContext> {
  return browser.newContext({
    viewport: Screens[screen],
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(screen === 'phone' ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
}

/** Fills in the sign-in page with the account and presses 登录, as a person would. */
export async function submitSignIn(
  page: Page,
  baseUrl: string,
  account: { accountId: string; password: string },
): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('账号').fill(account.accountId);
  await page.getByLabel('密码', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** Signs in through the sign-in page, as a person would. */
export async function signInThroughPage(
  page: Page,
  baseUrl: string,
  account: { accountId: string; password: string },
): Promise<void> {
  await submitSignIn(page, baseUrl, account);
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/** A new page of a member of staff, signed in through the sign-in page, on an office or a phone. */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  account: { accountId: string; password: string },
  screen: keyof typeof Screens = 'office',
): Promise<Page> {
  const page = await (await staffContext(browser, screen)).newPage();
  await signInThroughPage(page, baseUrl, account);
  return page;
}

/** A suite's browser (see `suiteBrowser`): contexts and signed-in pages of its system's people. */
export interface SuiteBrowser {
  /** A new browser context as a member of staff has it (see `staffContext`). */
  context(screen?: keyof typeof Screens): Promise<BrowserContext>;
  /** The page of a new person of `spec`, signed in through the sign-in page. */
  signedIn(spec: AccountSpec, screen?: keyof typeof Screens): Promise<Page>;
  /** The page of this account, signed in through the sign-in page. */
  signedInAs(
    account: { accountId: string; password: string },
    screen?: keyof typeof Screens,
  ): Promise<Page>;
}

/**
 * A browser for the suite's pages of `t`, launched before the suite's later hooks and its tests,
 * closed after them.
 */
export function suiteBrowser(t: TestSystem): SuiteBrowser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  const launched = (): Browser => {
    if (!browser) throw new Error('the suite browser is used before beforeAll launched it');
    return browser;
  };
  const signedInAs: SuiteBrowser['signedInAs'] = (account, screen) =>
    signedInPage(launched(), t.apiUrl, account, screen);
  return {
    context: (screen) => staffContext(launched(), screen),
    signedIn: async (spec, screen) => signedInAs(await t.person(spec), screen),
    signedInAs,
  };
}

/**
 * Runs `use` on the page of a new person of `spec` on `t`, signed in through the sign-in page, in a
 * browser of its own, closed when `use` ends.
 */
export async function withSignedInPage<T>(
  t: TestSystem,
  spec: AccountSpec,
  use: (page: Page) => Promise<T>,
): Promise<T> {
  const browser = await launchBrowser();
  try {
    return await use(await signedInPage(browser, t.apiUrl, await t.person(spec)));
  } finally {
    await browser.close();
  }
}

/** Waits until the first element of `locator` shows `text` (exactly, or containing it). */
export async function shows(
  locator: Locator,
  text: string,
  how: 'exactly' | 'contains' = 'exactly',
  timeoutMs = 10_000,
): Promise<void> {
  let seen = '';
  await until(async () => {
    seen = (await locator.first().innerText()).trim();
    return how === 'exactly' ? seen === text : seen.includes(text);
  }, timeoutMs).catch(() => {
    throw new Error(`${locator.toString()} shows "${seen}", not ${how} "${text}"`);
  });
}

/** Waits until the first element of `locator` is visible. */
export async function visible(locator: Locator, timeoutMs = 10_000): Promise<void> {
  await until(() => locator.first().isVisible(), timeoutMs).catch(() => {
    throw new Error(`${locator.toString()} is not visible`);
  });
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Where the console suites' screenshots go: the README's own (docs/screenshots) when
 * FANPIN_SCREENSHOTS=docs, to refresh them; else the run's log folder, so that a test run leaves
 * the checkout as it found it.
 */
export function screenshotDir(): string {
  const dir =
    process.env.FANPIN_SCREENSHOTS === 'docs'
      ? path.resolve(__dirname, '../../docs/screenshots')
      : path.join(
          process.env.FANPIN_TEST_LOG_DIR ?? path.resolve(__dirname, '../../.data'),
          'screenshots',
        );
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Saves `page` as `name` among the console suites' screenshots: the whole page, or the window. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir(), name), fullPage });
}

interface AxeResults {
  violations: { id: string; impact?: string | null; nodes: { target: string[] }[] }[];
}

/** axe-core on the page as it stands finds no violation of serious or critical impact. */
export async function expectAccessible(page: Page, what = page.url()): Promise<void> {
  const violations = await seriousAccessibilityViolations(page);
  expect({ page: what, violations }).toEqual({ page: what, violations: [] });
}

/**
 * axe-core on the page as it stands, once its animations have settled (a dialog fading in has its
 * text at part opacity, a closing menu a scroll region for a moment): the violations of serious or
 * critical impact, each as `rule: targets`.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  type Animation = {
    playState: string;
    effect: { getTiming(): { iterations: number } } | null;
  };
  type Animated = { document: { getAnimations(): Animation[] } };
  // A spinner turns for as long as it is shown: only animations that end are waited for.
  await page.waitForFunction(() =>
    (globalThis as unknown as Animated).document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
  );
  // Evaluated through the DevTools protocol: the console's CSP refuses inline scripts, rightly.
  await page.evaluate(readFileSync(require.resolve('axe-core'), 'utf8'));
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: () => Promise<AxeResults> } }).axe;
    const results = await axe.run();
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}
