/** A workflow that does nothing: the benchmark's measure of the bare engine. */
export async function noopWorkflow(): Promise<void> {
  // Intentionally empty.
}
