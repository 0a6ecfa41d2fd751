/** Stops what the global setup started. */
export default async function globalTeardown(): Promise<void> {
  await Promise.allSettled((globalThis.__FANPIN_INFRASTRUCTURES__ ?? []).map((i) => i.stop()));
}
