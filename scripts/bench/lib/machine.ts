import { cpus, totalmem } from "node:os";

/** "AMD EPYC 7B13, 2 cores, 24 GB RAM": what a figure was measured on. */
export function describeMachine(): string {
  const list = cpus();
  const model = (list[0]?.model ?? "unknown CPU").replace(/\s+/g, " ").trim();
  return `${model}, ${list.length} cores, ${Math.round(totalmem() / 1024 ** 3)} GB RAM`;
}
