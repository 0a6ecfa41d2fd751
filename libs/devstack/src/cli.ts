import { storedDemoCredentials } from './demo/credentials';
import { walkOneCase } from './demo/walk';
import { stderrLog } from './log';
import { startSystem } from './start';
import { locateTemporalCli } from './temporal-cli';

/** Entry of `npm start`, `npm run demo`, `npm run demo:walk` and of the test runner's preparation. */
async function cli(command: string | undefined): Promise<void> {
  switch (command) {
    case 'start':
      return startSystem(stderrLog);
    case 'demo':
      return startSystem(stderrLog, process.env, { demo: true });
    case 'start-server':
      return startSystem(stderrLog, process.env, { server: true });
    case 'demo-walk': {
      const credentials = await storedDemoCredentials();
      if (!credentials)
        throw new Error('no demo accounts yet: start the demo first (npm run demo)');
      const api = process.env.API_URL ?? 'http://127.0.0.1:3000';
      // The walk's story goes to stdout: it is what the command is for.
      await walkOneCase(api, credentials, (line) => process.stdout.write(`${line}\n`));
      return;
    }
    case 'ensure-temporal':
      if (!process.env.TEMPORAL_ADDRESS)
        stderrLog(`Temporal CLI: ${await locateTemporalCli(stderrLog)}`);
      return;
    default:
      throw new Error(`usage: cli.js start|start-server|demo|demo-walk|ensure-temporal`);
  }
}

cli(process.argv[2]).catch((error: unknown) => {
  stderrLog(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
