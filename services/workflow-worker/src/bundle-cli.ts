import { buildWorkflowBundle } from './bundle';

// `--bench`: the benchmark's bundle (production workflows and its own), for `npm run bench`.
buildWorkflowBundle(process.argv[2] === '--bench')
  .then((file) => process.stdout.write(`workflow bundle written to ${file}\n`))
  .catch((error: unknown) => {
    process.stderr.write(`workflow bundle failed: ${String(error)}\n`);
    process.exit(1);
  });
