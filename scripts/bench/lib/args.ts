/** `--name=value` and bare `--flag` options of a benchmark script. */
export function parseArgs(argv: readonly string[] = process.argv.slice(2)): Map<string, string> {
  const options = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`Unknown argument ${arg} (options are --name=value or --flag)`);
    options.set(match[1]!, match[2] ?? "true");
  }
  return options;
}

export function intOption(options: Map<string, string>, name: string, fallback: number): number {
  const raw = options.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw.replaceAll("_", ""));
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, got ${raw}`);
  return value;
}
