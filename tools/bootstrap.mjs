#!/usr/bin/env node
// The README's commands land here: `npm start`, `npm test`, `npm run bench`, `npm run demo`,
// `npm run start:server`.
// With nothing but Node.js and npm it installs the locked dependencies (when the lockfile changed),
// builds, finds or builds the pinned Temporal CLI, then starts the system or runs the suite.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [command, ...rest] = process.argv.slice(2);
const say = (message) => process.stderr.write(`[bootstrap] ${message}\n`);

function runSync(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    say(`${cmd} ${args.join(' ')} failed (${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

function ensureDependencies() {
  const lock = readFileSync(path.join(root, 'package-lock.json'));
  const hash = createHash('sha256').update(lock).digest('hex');
  const stamp = path.join(root, 'node_modules', '.fanpin-lock-sha256');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return;
  say('installing the locked dependencies (npm ci)');
  runSync('npm', ['ci', '--no-audit', '--no-fund']);
  writeFileSync(stamp, hash);
}

function build() {
  say('building (tsc -b) and bundling the workflows');
  runSync(process.execPath, [
    path.join(root, 'node_modules/typescript/bin/tsc'),
    '-b',
    'tsconfig.json',
  ]);
  runSync(process.execPath, [path.join(root, 'services/workflow-worker/dist/bundle-cli.js')]);
  say('building the staff console (vite)');
  runSync('npm', ['run', 'build', '--silent', '--workspace', '@fanpin/console']);
}

const chromiums = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].filter(Boolean);

/**
 * The console's tests drive the machine's own Chromium (no browser download). When none is there,
 * it is installed from the distribution's packages if this user may (root with apt-get); else the
 * run stops and says what to install.
 */
function ensureBrowser() {
  if (chromiums.some((p) => existsSync(p))) return;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' });
  if (process.getuid?.() === 0 && apt.status === 0) {
    say("installing Debian's chromium for the console's tests (apt-get install chromium)");
    // With Chinese fonts, so that the pages the tests render and photograph read as people see them.
    const install = () =>
      spawnSync(
        'apt-get',
        ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-noto-cjk'],
        {
          stdio: ['ignore', 'inherit', 'inherit'],
          env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        },
      ).status === 0;
    if (install()) return;
    runSync('apt-get', ['update']);
    if (install()) return;
  }
  say(
    `no Chromium found (${chromiums.join(', ')}): install it (Debian: apt-get install chromium) or set CHROMIUM_PATH`,
  );
  process.exit(1);
}

/**
 * Runs a child to completion with the terminal's output. A `supervisor` child gets a process group
 * of its own: Ctrl-C then reaches only it (forwarded from here), and it stops what it started in
 * order (services drain first, then Temporal and PostgreSQL) instead of everything at once.
 */
function handOver(cmd, args, { supervisor = false } = {}) {
  const child = spawn(cmd, args, {
    cwd: root,
    stdio: [supervisor ? 'ignore' : 'inherit', 'inherit', 'inherit'],
    detached: supervisor,
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/**
 * How many suites run side by side (FANPIN_TEST_WORKERS, 2 by default): most of a suite's time is
 * waiting for timers and round trips, and each Jest worker has a Temporal server and a PostgreSQL of
 * its own (test/support/global-setup.ts), so two suites share the machine without sharing state.
 */
function testWorkers() {
  const given = Number(process.env.FANPIN_TEST_WORKERS ?? 2);
  return Number.isInteger(given) && given > 0 ? given : 2;
}

const devstack = path.join(root, 'libs/devstack/dist/cli.js');
switch (command) {
  case 'start':
  case 'start-server':
  case 'demo':
    ensureDependencies();
    build();
    handOver(process.execPath, [devstack, command], { supervisor: true });
    break;
  case 'test':
    ensureDependencies();
    build();
    runSync(process.execPath, [devstack, 'ensure-temporal']);
    ensureBrowser();
    handOver(process.execPath, [
      path.join(root, 'node_modules/jest/bin/jest.js'),
      `--maxWorkers=${testWorkers()}`,
      '--ci',
      ...rest,
    ]);
    break;
  case 'test-cluster':
    // The production shape (the Temporal server on PostgreSQL, built once with Go) under failure.
    ensureDependencies();
    build();
    process.env.FANPIN_TEST_TEMPORAL = 'server';
    handOver(process.execPath, [
      path.join(root, 'node_modules/jest/bin/jest.js'),
      '--config',
      'jest.cluster.config.js',
      '--runInBand',
      '--ci',
      ...rest,
    ]);
    break;
  case 'bench':
    ensureDependencies();
    build();
    runSync(process.execPath, [
      path.join(root, 'services/workflow-worker/dist/bundle-cli.js'),
      '--bench',
    ]);
    runSync(process.execPath, [devstack, 'ensure-temporal']);
    handOver(process.execPath, [path.join(root, 'test/bench/dist/main.js'), ...rest]);
    break;
  default:
    say('usage: node tools/bootstrap.mjs start|start-server|demo|test|test-cluster|bench');
    process.exit(2);
}
