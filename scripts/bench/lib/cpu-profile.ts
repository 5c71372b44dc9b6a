// A V8 .cpuprofile (node --cpu-prof) summed up: where the time went, by function (self time) and
// including callees (total time, each function counted once per sample even when recursive).
import { readFileSync } from "node:fs";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  name: string;
  ms: number;
  share: number;
}

const label = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url
    ? url
        .replace(/^file:\/\//, "")
        .split("/node_modules/")
        .pop()!
    : "";
  const where = file
    ? ` ${path.relative(process.cwd(), file).startsWith("..") ? file : path.relative(process.cwd(), file)}:${lineNumber + 1}`
    : "";
  return `${functionName || "(anonymous)"}${where}`;
};

export function summariseProfile(
  file: string,
  top = 25,
): { self: ProfileLine[]; total: ProfileLine[]; ms: number } {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === "(idle)") return;
    all += dt;
    self.set(label(node), (self.get(label(node)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = label(byId.get(at)!);
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + dt);
    }
  });
  const lines = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms, share: ms / all }));
  return { self: lines(self), total: lines(total), ms: all };
}
