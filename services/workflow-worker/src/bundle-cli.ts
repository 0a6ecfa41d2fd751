import { buildWorkflowBundle } from './bundle';

buildWorkflowBundle(process.argv[2])
  .then((file) => process.stdout.write(`workflow bundle written to ${file}\n`))
  .catch((error: unknown) => {
    process.stderr.write(`workflow bundle failed: ${String(error)}\n`);
    process.exit(1);
  });
