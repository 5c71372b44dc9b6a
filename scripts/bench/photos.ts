// Photo pipeline benchmark: `npx tsx scripts/bench/photos.ts [--runs 5] [--efforts 1,2,3]`
//
// Makes a photo-like 12-megapixel JPEG (4000 × 3000: a scene with gradients, hundreds of shapes,
// sensor noise, EXIF orientation and GPS; ~5 MB like a phone's), then runs each scenario in a fresh
// child process so its peak RSS (process.resourceUsage().maxRSS) is its own:
//   single   one upload → validated, all 9 variants + placeholder rendered, original and variants
//            written (to a temp folder); median wall time and CPU time of --runs runs, after a warm-up
//   conc8    8 uploads at once, as 8 simultaneous requests would: wall time and peak RSS
// Each runs under glibc's default malloc and under MALLOC_ARENA_MAX=2. The first --efforts value is
// the AVIF effort of both scenarios; the others only rerun `single`, for comparison.
// Prints a Markdown table for BENCHMARKS.md. Targets (issue 3): ≤ 1.5 s per photo, ≤ 350 MB peak.
import { spawn } from "node:child_process";
import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { availableParallelism, cpus, tmpdir, totalmem } from "node:os";
import path from "node:path";
import sharp from "sharp";

const args = process.argv.slice(2);
const flag = (name: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};

interface ChildResult {
  scenario: string;
  effort: number;
  times: number[];
  cpuMs: number[];
  baselineRssMb: number;
  peakRssMb: number;
  variantBytes: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

// ---------------------------------------------------------------------------------------------
// Child: one scenario, then a JSON line on stdout.

async function child(scenario: string, file: string, runs: number, effort: number) {
  const baselineRssMb = mb(process.memoryUsage().rss);
  const { LocalStore } = await import("../../app/modules/photos/storage.server");
  const { prepareReceivedFile, writePreparedPhoto } = await import("../../app/modules/photos/upload.server");
  const work = mkdtempSync(path.join(tmpdir(), "ocop-bench-"));
  const storage = {
    variants: new LocalStore(path.join(work, "media")),
    originals: new LocalStore(path.join(work, "originals")),
    publicBaseUrl: "/media",
  };
  let n = 0;
  // What the route does per file: the upload sits in a temp file; it is read, prepared in a
  // processing slot, and written. Each run uses distinct bytes (a changed trailing byte after
  // the JPEG's end marker) so nothing is skipped as "already stored".
  async function uploadOnce(): Promise<number> {
    // Like the multipart handler, the upload reaches disk without sitting in memory whole.
    const upload = path.join(work, `upload-${n}`);
    copyFileSync(file, upload);
    appendFileSync(upload, Buffer.from([n % 256, n++ >> 8]));
    const prepared = await prepareReceivedFile(
      { name: "bench.jpg", size: statSync(upload).size, path: upload },
      { avifEffort: effort },
    );
    await writePreparedPhoto(prepared, storage);
    rmSync(upload);
    return prepared.variants.reduce((sum, v) => sum + v.bytes.length, 0);
  }

  const times: number[] = [];
  const cpuMs: number[] = [];
  let variantBytes = 0;
  if (scenario === "single") {
    await uploadOnce(); // warm-up: module init, libvips first use
    for (let i = 0; i < runs; i++) {
      const cpu = process.cpuUsage();
      const start = performance.now();
      variantBytes = await uploadOnce();
      times.push(performance.now() - start);
      const used = process.cpuUsage(cpu);
      cpuMs.push((used.user + used.system) / 1000);
    }
  } else {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const sizes = await Promise.all(Array.from({ length: 8 }, () => uploadOnce()));
    times.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpuMs.push((used.user + used.system) / 1000);
    variantBytes = sizes[0]!;
  }
  rmSync(work, { recursive: true, force: true });
  const result: ChildResult = {
    scenario,
    effort,
    times,
    cpuMs,
    baselineRssMb,
    peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
    variantBytes,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

// ---------------------------------------------------------------------------------------------
// Parent: make the photo, run the children, print the table.

async function makePhoto(file: string) {
  const W = 4000;
  const H = 3000;
  let seed = 20260611;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const shapes: string[] = [];
  for (let i = 0; i < 900; i++) {
    const x = rnd() * W;
    const y = H * 0.35 + rnd() * H * 0.65;
    const r = 8 + rnd() * 60;
    const hue = 20 + rnd() * 100;
    shapes.push(
      `<ellipse cx="${x.toFixed(0)}" cy="${y.toFixed(0)}" rx="${r.toFixed(0)}" ry="${(r * (0.5 + rnd())).toFixed(0)}" ` +
        `fill="hsl(${hue.toFixed(0)},${(40 + rnd() * 50).toFixed(0)}%,${(20 + rnd() * 50).toFixed(0)}%)" opacity="${(0.5 + rnd() / 2).toFixed(2)}"/>`,
    );
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
    <defs>
      <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#7fb2e5"/><stop offset="1" stop-color="#e8f1f8"/></linearGradient>
      <linearGradient id="soil" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#5b3a1e"/><stop offset="1" stop-color="#a0703d"/></linearGradient>
    </defs>
    <rect width="${W}" height="${H}" fill="url(#sky)"/>
    <path d="M0 ${H * 0.4} Q ${W * 0.3} ${H * 0.25} ${W * 0.6} ${H * 0.38} T ${W} ${H * 0.33} V ${H} H 0 Z" fill="url(#soil)"/>
    ${shapes.join("")}
    <text x="${W * 0.06}" y="${H * 0.16}" font-size="180" font-family="sans-serif" fill="#fff" opacity="0.85">Cà phê Đắk Lắk · OCOP ★★★★</text>
  </svg>`;
  const scene = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const noise = await sharp({
    create: {
      width: W,
      height: H,
      channels: 3,
      background: "#000",
      noise: { type: "gaussian", mean: 128, sigma: 28 },
    },
  })
    .raw()
    .toBuffer();
  // Sensor-like noise on top of the scene: pixel + (noise - 128) / 2.
  const pixels = scene.data;
  for (let i = 0; i < pixels.length; i++)
    pixels[i] = Math.max(0, Math.min(255, pixels[i]! + ((noise[i]! - 128) >> 1)));
  const jpeg = await sharp(pixels, { raw: { width: W, height: H, channels: 3 } })
    .jpeg({ quality: 92 })
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "12/1 40/1 0/1",
        GPSLongitudeRef: "E",
        GPSLongitude: "108/1 3/1 0/1",
      },
    })
    .toBuffer();
  writeFileSync(file, jpeg);
  return jpeg.length;
}

function loadAverage(): string {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    return "n/a";
  }
}

/** The child's malloc setting: glibc's default, or MALLOC_ARENA_MAX=2 (see BENCHMARKS.md). */
type Malloc = "glibc default" | "MALLOC_ARENA_MAX=2";

function runChild(
  scenario: string,
  file: string,
  runs: number,
  effort: number,
  malloc: Malloc,
): Promise<ChildResult> {
  const childEnv = { ...process.env };
  if (malloc === "MALLOC_ARENA_MAX=2") childEnv.MALLOC_ARENA_MAX = "2";
  else delete childEnv.MALLOC_ARENA_MAX;
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      [
        ...process.execArgv,
        process.argv[1]!,
        "--child",
        scenario,
        "--file",
        file,
        "--runs",
        String(runs),
        "--effort",
        String(effort),
      ],
      { stdio: ["ignore", "pipe", "inherit"], env: childEnv },
    );
    let out = "";
    proc.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    proc.on("error", reject);
    proc.on("close", (code) => {
      if (code !== 0) return reject(new Error(`${scenario} child exited with ${code}`));
      resolve(JSON.parse(out.trim().split("\n").pop()!) as ChildResult);
    });
  });
}

async function main() {
  const runs = Number(flag("runs") ?? 5);
  const { DEFAULT_AVIF_EFFORT } = await import("../../app/modules/photos/variants.server");
  const efforts = (flag("efforts") ?? `${DEFAULT_AVIF_EFFORT},2`).split(",").map(Number);
  const dir = path.join(tmpdir(), "ocop-bench-input");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "12mp.jpg");
  const size = await makePhoto(file);
  const meta = await sharp(file).metadata();

  console.log(
    `Input: ${meta.width} × ${meta.height} JPEG, ${mb(size)} MB, EXIF orientation ${meta.orientation} + GPS\n` +
      `Machine: ${cpus()[0]?.model ?? "?"}, ${availableParallelism()} cores, ${Math.round(totalmem() / 2 ** 30)} GB, ` +
      `Node ${process.version}, sharp ${sharp.versions.sharp} / libvips ${sharp.versions.vips}, ` +
      `load average before: ${loadAverage()}\n`,
  );
  const rows: string[] = [
    "| scenario | malloc | AVIF effort | wall time (median) | CPU time (median) | peak RSS | RSS at start | variant bytes |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  const row = (r: ChildResult, label: string, malloc: Malloc) =>
    rows.push(
      `| ${label} | ${malloc} | ${r.effort} | ${Math.round(median(r.times))} ms | ${Math.round(median(r.cpuMs))} ms | ` +
        `${r.peakRssMb} MB | ${r.baselineRssMb} MB | ${Math.round(r.variantBytes / 1024)} KB |`,
    );
  const mallocs: Malloc[] = ["glibc default", "MALLOC_ARENA_MAX=2"];
  for (const [i, effort] of efforts.entries()) {
    for (const malloc of i === 0 ? mallocs : mallocs.slice(1)) {
      const r = await runChild("single", file, runs, effort, malloc);
      row(r, `1 photo (runs: ${r.times.map((t) => Math.round(t)).join(", ")} ms)`, malloc);
    }
  }
  for (const malloc of mallocs) {
    row(await runChild("conc8", file, 1, efforts[0]!, malloc), "8 uploads at once (all done)", malloc);
  }
  console.log(rows.join("\n"));
  console.log(`\nLoad average after: ${loadAverage()}`);
}

if (args[0] === "--child") {
  await child(args[1]!, flag("file")!, Number(flag("runs") ?? 5), Number(flag("effort") ?? 2));
} else {
  await main();
}
