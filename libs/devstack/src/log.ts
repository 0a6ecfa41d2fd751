/** Progress lines of the dev-stack tools, on stderr so that test and bench output stays clean. */
export type Log = (message: string) => void;

export const stderrLog: Log = (message) => process.stderr.write(`[stack] ${message}\n`);

export const silentLog: Log = () => undefined;
