// Open Graph images (/san-pham/:slug/og.png): 1200×630 PNG for link previews (Zalo, Facebook…).
// The product's cover photo on the right; on the left, in Be Vietnam Pro (drawn by Pango, so
// stacked Vietnamese diacritics come out right), its name, producer, OCOP stars and price.
// Each image is named by a hash of everything drawn on it and kept on disk (MEDIA_DIR/og/): a
// change to any of them makes a new name, an unchanged product is rendered once. Renders run one
// at a time per process (about 0.1–0.3 s and a few tens of MB each).
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import sharp, { type OverlayOptions } from "sharp";
import { LocalStore, photoStorage } from "~/modules/photos/storage.server";
import { variantKey, variantWidths } from "~/modules/photos/urls";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { formatVnd } from "~/utils/format";
import { translator } from "~/utils/i18n";
import { escapeXml } from "./sitemap";

export const OG_WIDTH = 1200;
export const OG_HEIGHT = 630;
/** Bump when the layout changes: every image gets a new name. */
const OG_VERSION = "og-v1";

const requireHere = createRequire(import.meta.url);
const FONTS = {
  regular: requireHere.resolve("@expo-google-fonts/be-vietnam-pro/400Regular/BeVietnamPro_400Regular.ttf"),
  bold: requireHere.resolve("@expo-google-fonts/be-vietnam-pro/700Bold/BeVietnamPro_700Bold.ttf"),
};

export interface OgContent {
  name: string;
  producer: string;
  ocopStars: number | null;
  priceVnd: number;
  unit: string;
  /** The cover photo's largest stored JPEG variant, or null for a product without one. */
  photo: { hash: string; width: number } | null;
}

export interface OgImage {
  /** Content hash of what is drawn: the file name and the ETag. */
  key: string;
  png(): Promise<Buffer>;
}

/** The image of a listed product, or null (unknown or not public). */
export async function productOgImage(slug: string): Promise<OgImage | null> {
  const product = await prisma.product.findFirst({
    where: { slug, listedAt: { not: null } },
    select: {
      name: true,
      ocopStars: true,
      priceVnd: true,
      unit: true,
      producer: { select: { name: true } },
      photos: { select: { hash: true, width: true }, orderBy: { position: "asc" }, take: 1 },
    },
  });
  if (!product) return null;
  const cover = product.photos[0];
  const content: OgContent = {
    name: product.name,
    producer: product.producer.name,
    ocopStars: product.ocopStars,
    priceVnd: product.priceVnd,
    unit: product.unit,
    photo: cover ? { hash: cover.hash, width: Math.max(...variantWidths(cover.width)) } : null,
  };
  const key = ogKey(content);
  return { key, png: () => cachedRender(key, content) };
}

export function ogKey(content: OgContent): string {
  return createHash("sha256")
    .update(JSON.stringify([OG_VERSION, content]))
    .digest("hex")
    .slice(0, 32);
}

const ogStore = () => new LocalStore(path.join(path.resolve(env().MEDIA_DIR), "og"));
const inFlight = new Map<string, Promise<Buffer>>();
let queue: Promise<unknown> = Promise.resolve();

/** From disk, else rendered (one render at a time; concurrent requests for one image share it). */
function cachedRender(key: string, content: OgContent): Promise<Buffer> {
  const running = inFlight.get(key);
  if (running) return running;
  const file = `og-${key}.png`;
  const job = (async () => {
    const stored = await ogStore().get(file);
    if (stored) return stored;
    const turn = queue.then(async () => {
      const png = await renderOgImage(content, await readCover(content.photo));
      await ogStore().put(file, png, "image/png");
      return png;
    });
    queue = turn.catch(() => undefined);
    return turn;
  })().finally(() => inFlight.delete(key));
  inFlight.set(key, job);
  return job;
}

async function readCover(photo: OgContent["photo"]): Promise<Buffer | null> {
  if (!photo) return null;
  return photoStorage().variants.get(variantKey(photo.hash, photo.width, "jpg"));
}

// ---------------------------------------------------------------------------------------------
// Drawing
// ---------------------------------------------------------------------------------------------

const PANEL = 620; // the text panel's width; the photo fills the rest
const PAD = 56;
const TEXT_WIDTH = PANEL - 2 * PAD;
const GOLD = "#fcd34d";

interface TextImage {
  data: Buffer;
  width: number;
  height: number;
}

async function text(markup: string, fontfile: string, font: string, width = TEXT_WIDTH): Promise<TextImage> {
  const { data, info } = await sharp({
    text: { text: markup, font, fontfile, width, wrap: "word", rgba: true, dpi: 72 },
  })
    .png()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

const span = (colour: string, value: string) => `<span foreground="${colour}">${escapeXml(value)}</span>`;

/** The largest size (down to `min`) at which `value` fits in `maxHeight`, shortened with "…" if not even there. */
async function fitted(
  value: string,
  options: { colour: string; fontfile: string; family: string; max: number; min: number; maxHeight: number },
): Promise<TextImage> {
  let size = options.max;
  for (;;) {
    const image = await text(span(options.colour, value), options.fontfile, `${options.family} ${size}`);
    if (image.height <= options.maxHeight) return image;
    if (size > options.min) {
      size = Math.max(options.min, size - 6);
      continue;
    }
    const words = value.replace(/…$/, "").split(/\s+/);
    if (words.length <= 1) return image;
    value = `${words.slice(0, -1).join(" ")}…`;
  }
}

function starPath(cx: number, cy: number, outer: number): string {
  const inner = outer * 0.45;
  const points = Array.from({ length: 10 }, (_, i) => {
    const r = i % 2 ? inner : outer;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    return `${(cx + r * Math.cos(a)).toFixed(1)},${(cy + r * Math.sin(a)).toFixed(1)}`;
  });
  return `M${points.join("L")}Z`;
}

/** The 1200×630 PNG for `content`, with `cover` (JPEG bytes) as its photo. */
export async function renderOgImage(content: OgContent, cover: Buffer | null): Promise<Buffer> {
  const t = translator("vi");
  const [brand, price, producer] = await Promise.all([
    text(span("#ffffff", t("app.name")), FONTS.bold, "Be Vietnam Pro Bold 30"),
    text(
      `${span("#ffffff", formatVnd(content.priceVnd))}<span size="28672">${span("#d9f2e3", `  / ${content.unit}`)}</span>`,
      FONTS.bold,
      "Be Vietnam Pro Bold 50",
    ),
    fitted(content.producer, {
      colour: "#d9f2e3",
      fontfile: FONTS.regular,
      family: "Be Vietnam Pro",
      max: 30,
      min: 24,
      maxHeight: 84,
    }),
  ]);

  const starSize = 40;
  const priceTop = OG_HEIGHT - PAD - price.height;
  const starsTop = priceTop - 18 - starSize;
  const nameTop = PAD + brand.height + 36;
  const nameBottom = (content.ocopStars ? starsTop : priceTop) - 28 - producer.height - 14;
  const name = await fitted(content.name, {
    colour: "#ffffff",
    fontfile: FONTS.bold,
    family: "Be Vietnam Pro Bold",
    max: 64,
    min: 40,
    maxHeight: nameBottom - nameTop,
  });

  const stars = Array.from({ length: content.ocopStars ?? 0 }, (_, i) =>
    starPath(PAD + starSize / 2 + i * (starSize + 8), starsTop + starSize / 2, starSize / 2),
  );
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${OG_WIDTH}" height="${OG_HEIGHT}">
  <defs>
    <linearGradient id="panel" x1="0" y1="0" x2="0.4" y2="1">
      <stop offset="0" stop-color="#1f6f43"/><stop offset="1" stop-color="#134a2c"/>
    </linearGradient>
    <linearGradient id="photo" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#2f8f5b"/><stop offset="1" stop-color="#1f6f43"/>
    </linearGradient>
  </defs>
  ${cover ? "" : `<rect x="${PANEL}" width="${OG_WIDTH - PANEL}" height="${OG_HEIGHT}" fill="url(#photo)"/><path d="${starPath(PANEL + (OG_WIDTH - PANEL) / 2, OG_HEIGHT / 2, 190)}" fill="#fff" fill-opacity="0.12"/>`}
  <rect width="${PANEL}" height="${OG_HEIGHT}" fill="url(#panel)"/>
  <path d="${starPath(PAD + 17, PAD + brand.height / 2, 17)}" fill="${GOLD}"/>
  ${stars.map((d) => `<path d="${d}" fill="${GOLD}"/>`).join("")}
</svg>`;

  const layers: OverlayOptions[] = [{ input: Buffer.from(svg), left: 0, top: 0 }];
  if (cover) {
    const photo = await sharp(cover)
      .resize({ width: OG_WIDTH - PANEL, height: OG_HEIGHT, fit: "cover" })
      .toBuffer();
    layers.unshift({ input: photo, left: PANEL, top: 0 });
  }
  layers.push(
    { input: brand.data, left: PAD + 44, top: PAD },
    { input: name.data, left: PAD, top: nameTop },
    { input: producer.data, left: PAD, top: nameTop + name.height + 14 },
    { input: price.data, left: PAD, top: priceTop },
  );
  return sharp({ create: { width: OG_WIDTH, height: OG_HEIGHT, channels: 3, background: "#1f6f43" } })
    .composite(layers)
    .png()
    .toBuffer();
}
