import { stderrLog } from './log';
import { startSystem } from './start';
import { locateTemporalCli } from './temporal-cli';

/** Entry of `npm start` (after install and build) and of the test runner's preparation. */
async function cli(command: string | undefined): Promise<void> {
  switch (command) {
    case 'start':
      return startSystem(stderrLog);
    case 'ensure-temporal':
      if (!process.env.TEMPORAL_ADDRESS)
        stderrLog(`Temporal CLI: ${await locateTemporalCli(stderrLog)}`);
      return;
    default:
      throw new Error(`usage: cli.js start|ensure-temporal`);
  }
}

cli(process.argv[2]).catch((error: unknown) => {
  stderrLog(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
