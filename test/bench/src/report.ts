/** Prints one figure as `BENCH <name> <value> <unit>`, the line the benchmark's readers look for. */
export function bench(
  name: string,
  value: number,
  unit: string,
  decimals = value >= 100 ? 0 : 2,
): void {
  process.stdout.write(`BENCH ${name} ${value.toFixed(decimals)} ${unit}\n`);
}
