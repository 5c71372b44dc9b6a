// Page weight of the buyers' pages, as a phone on a cold cache downloads them:
//   npx tsx scripts/bench/page-weight.ts [base URL, default http://localhost:3000] [--verbose]
// Starts nothing: point it at a running server with the demo data (`npm start`). For each page it
// requests the HTML with `Accept-Encoding: gzip, br`, then every linked stylesheet and every script
// (`<script src>`, `<link rel="modulepreload">`), and sums the bytes as transferred (compressed when
// the server compresses). Images are left out. Fonts are files the CSS references: the @font-face
// CSS counts as CSS, the font files (already compressed WOFF2) are reported on their own — only
// the subsets whose unicode-range covers the page's text, as a browser would fetch them.
// Sizes are gzip sizes (what the body gzips to at level 6, or its raw size when the server sends it
// uncompressed); the "as sent" column is what this server actually sent (Brotli when it chose it).
// Budgets (issue 5): trace page HTML + CSS ≤ 30 KB; product page JS ≤ 100 KB. Exit code 1 if over.
import http from "node:http";
import https from "node:https";
import { brotliDecompressSync, gunzipSync, gzipSync, inflateSync } from "node:zlib";
import { DEMO_PRODUCTS } from "../../prisma/seed/demo";

const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const base = (args.find((a) => !a.startsWith("--")) ?? "http://localhost:3000").replace(/\/$/, "");
const KB = 1024;

interface Fetched {
  url: string;
  status: number;
  /** Bytes on the wire (the body as sent, before decompression). */
  transferred: number;
  /** The body's gzip size (its raw size when it was sent uncompressed). */
  gzip: number;
  encoding: string;
  text: string;
}

function fetchRaw(url: string): Promise<Fetched> {
  const client = url.startsWith("https:") ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(
      url,
      { headers: { "Accept-Encoding": "gzip, br", "User-Agent": "page-weight/1 (+scripts/bench)" } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          const body = Buffer.concat(chunks);
          const encoding = String(response.headers["content-encoding"] ?? "identity");
          const decoded =
            encoding === "gzip"
              ? gunzipSync(body)
              : encoding === "br"
                ? brotliDecompressSync(body)
                : encoding === "deflate"
                  ? inflateSync(body)
                  : body;
          resolve({
            url,
            status: response.statusCode ?? 0,
            transferred: body.length,
            gzip: encoding === "identity" ? body.length : gzipSync(decoded, { level: 6 }).length,
            encoding,
            text: decoded.toString("utf8"),
          });
        });
      },
    );
    request.on("error", reject);
  });
}

const attributes = (tag: string) =>
  Object.fromEntries([...tag.matchAll(/([a-zA-Z-]+)="([^"]*)"/g)].map((m) => [m[1]!.toLowerCase(), m[2]!]));

/** Stylesheets, external scripts and inline scripts (JSON-LD is data, counted apart) of a page. */
function resources(html: string) {
  const links = [...html.matchAll(/<link\b[^>]*>/g)].map((m) => attributes(m[0]));
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => attributes(m[0]));
  return {
    css: links.filter((l) => l.rel === "stylesheet" && l.href).map((l) => l.href!),
    js: [
      ...scripts.filter((s) => s.src).map((s) => s.src!),
      ...links.filter((l) => l.rel === "modulepreload" && l.href).map((l) => l.href!),
    ],
    inlineScripts: scripts.filter((s) => !s.src && s.type !== "application/ld+json").length,
    jsonLd: scripts.filter((s) => s.type === "application/ld+json").length,
  };
}

/** The code points of the page's visible text (what decides which font subsets load). */
function textCodePoints(html: string): Set<number> {
  const text = html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&[a-z]+;/gi, " ");
  return new Set([...text].map((c) => c.codePointAt(0)!));
}

interface FontFace {
  url: string;
  ranges: [number, number][];
}

function fontFaces(css: string, cssUrl: string): FontFace[] {
  return [...css.matchAll(/@font-face\s*{([^}]*)}/g)].flatMap((m) => {
    const block = m[1]!;
    const woff2 = /url\(([^)]+)\)\s*format\(["']?woff2["']?\)/.exec(block);
    if (!woff2) return [];
    const range = /unicode-range:\s*([^;}]+)/.exec(block)?.[1] ?? "U+0-10FFFF";
    const ranges = range.split(",").map((part): [number, number] => {
      const [from, to] = part.trim().replace(/^U\+/i, "").split("-");
      return [parseInt(from!, 16), parseInt(to ?? from!, 16)];
    });
    return [{ url: new URL(woff2[1]!.replace(/["']/g, ""), cssUrl).href, ranges }];
  });
}

const cache = new Map<string, Promise<Fetched>>();
const get = (url: string) => {
  if (!cache.has(url)) cache.set(url, fetchRaw(url));
  return cache.get(url)!;
};

interface Row {
  name: string;
  path: string;
  status: number;
  html: number;
  css: number;
  js: number;
  /** HTML + CSS + JS as this server sent them. */
  sent: number;
  fonts: number;
  fontFiles: number;
  inlineScripts: number;
  jsonLd: number;
  detail: string[];
}

async function measure(name: string, path: string): Promise<Row> {
  const page = await get(base + path);
  const found = resources(page.text);
  const line = (f: Fetched, what: string) =>
    `${String(f.gzip).padStart(7)} B gzip ${String(f.transferred).padStart(7)} B ${f.encoding.padEnd(8)} ${what}`;
  const detail = [line(page, `HTML ${path}`)];
  let css = 0;
  let js = 0;
  let sent = page.transferred;
  const faces: FontFace[] = [];
  for (const href of found.css) {
    const file = await get(new URL(href, base + path).href);
    css += file.gzip;
    sent += file.transferred;
    faces.push(...fontFaces(file.text, file.url));
    detail.push(line(file, `CSS ${href}`));
  }
  for (const href of found.js) {
    const file = await get(new URL(href, base + path).href);
    js += file.gzip;
    sent += file.transferred;
    detail.push(line(file, `JS ${href}`));
  }
  const used = textCodePoints(page.text);
  const needed = faces.filter((f) =>
    [...used].some((c) => f.ranges.some(([from, to]) => c >= from && c <= to)),
  );
  let fonts = 0;
  for (const face of needed) {
    const file = await get(face.url);
    fonts += file.transferred;
    detail.push(line(file, `font ${new URL(face.url).pathname}`));
  }
  return {
    name,
    path,
    status: page.status,
    html: page.gzip,
    css,
    js,
    sent,
    fonts,
    fontFiles: needed.length,
    inlineScripts: found.inlineScripts,
    jsonLd: found.jsonLd,
    detail,
  };
}

// The demo data's coffee (GTIN 8938512000015) and its batch CF2026-01: the product page links to
// the batch's trace URL, which is read from it (the hard-coded path is the fallback).
const coffee = DEMO_PRODUCTS.find((p) => p.gtin === "8938512000015")!;
const productPath = `/san-pham/${coffee.slug}`;
const productHtml = (await get(base + productPath)).text;
const traceHref = /href="(\/01\/[^"]+)"/.exec(productHtml)?.[1]?.replace(/&amp;/g, "&");
const tracePath = traceHref ?? "/01/08938512000015/10/CF2026-01";

const pages: [string, string][] = [
  ["home", "/"],
  ["search", "/tim-kiem?q=ca+phe"],
  ["product", productPath],
  ["certificates", `${productPath}/chung-nhan`],
  ["trace", tracePath],
];

const rows: Row[] = [];
for (const [name, path] of pages) rows.push(await measure(name, path));

const kb = (bytes: number) => (bytes / KB).toFixed(1);
const budgets: { page: string; what: string; limit: number; value: (r: Row) => number }[] = [
  { page: "trace", what: "HTML + CSS", limit: 30 * KB, value: (r) => r.html + r.css },
  { page: "product", what: "JS", limit: 100 * KB, value: (r) => r.js },
];

console.log(`Page weight at ${base}: KB gzip, cold cache, images excluded\n`);
console.log(
  "| page | status | HTML | CSS | JS | total | total as sent | fonts (files) | inline scripts | JSON-LD |",
);
console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const r of rows) {
  console.log(
    `| ${r.name} \`${r.path}\` | ${r.status} | ${kb(r.html)} | ${kb(r.css)} | ${kb(r.js)} | ` +
      `${kb(r.html + r.css + r.js)} | ${kb(r.sent)} | ${kb(r.fonts)} (${r.fontFiles}) | ` +
      `${r.inlineScripts} | ${r.jsonLd} |`,
  );
}
if (verbose) {
  for (const r of rows) console.log(`\n${r.name}:\n  ${r.detail.join("\n  ")}`);
}

let over = false;
console.log("");
for (const budget of budgets) {
  const row = rows.find((r) => r.name === budget.page)!;
  const value = budget.value(row);
  const ok = value <= budget.limit && row.status === 200;
  over ||= !ok;
  console.log(
    `${ok ? "OK  " : "OVER"} ${budget.page} ${budget.what}: ${kb(value)} KB (budget ${kb(budget.limit)} KB)`,
  );
}
process.exit(over ? 1 : 0);
