// Rows of the benchmark catalogue: producers across every province, and for each product its
// cover photo, OCOP certificate (when starred), one batch and a 3–6 event farm diary whose hash
// chain is computed exactly as appendDiaryEvent does (app/modules/batches/batches.server.ts), so
// trace pages verify. Dates are relative to `now`: certificates are in force on the harvest day
// and today, harvests are 1.5–10 months old.
import { randomUUID } from "node:crypto";
import type { DiaryEventKind, OcopGroup, ProducerKind } from "~/generated/prisma/enums";
import { addMonths } from "~/modules/certificates/status";
import { gs1CheckDigit } from "~/modules/products/gtin";
import { appendEvent, type ChainedEvent } from "~/modules/traceability/hash-chain";
import { addDays, toVnIsoDateTime, vnDateOf, type IsoDate } from "~/modules/traceability/vn-time";
import { slugify } from "~/utils/slug";
import type { Random } from "./random";
import {
  CHEMICALS,
  COMPANY_WORDS,
  FAMILIES,
  FAMILY_NAMES,
  FERTILISERS,
  GIVEN_NAMES,
  MIDDLE_NAMES,
  PLOT_WORDS,
  PRODUCER_KINDS,
  VILLAGE_WORDS,
  type ProductFamily,
} from "./words";

export interface CommuneInfo {
  code: string;
  name: string;
  type: string;
  provinceCode: string;
  provinceName: string;
  provinceType: string;
}

export interface PhotoRef {
  hash: string;
  width: number;
  height: number;
  placeholder: string;
}

export interface ProducerRow {
  id: string;
  slug: string;
  kind: ProducerKind;
  name: string;
  provinceCode: string;
  communeCode: string;
  street: string;
  description: string;
  representative: string;
  createdAt: string;
}

interface ProducerPlan {
  row: ProducerRow;
  commune: CommuneInfo;
  families: ProductFamily[];
}

export interface ProductRow {
  id: string;
  publicId: string;
  slug: string;
  producerId: string;
  name: string;
  description: string;
  ocopGroup: OcopGroup;
  ocopStars: number | null;
  unit: string;
  priceVnd: number;
  stock: number;
  gtin: string | null;
  sku: string;
  category: string;
  packSize: string;
  weightGrams: number;
  shelfLifeDays: number;
  storage: string;
  originCommuneCode: string;
  submittedAt: string;
  listedAt: string;
  createdAt: string;
}

export interface PhotoRow extends PhotoRef {
  id: string;
  productId: string;
  alt: string;
}

export interface CertificateRow {
  id: string;
  producerId: string;
  productId: string;
  number: string;
  issuer: string;
  issuerLevel: string;
  ocopStars: number;
  ocopGroup: OcopGroup;
  issuedOn: IsoDate;
  expiresOn: IsoDate;
  createdById: string;
}

export interface BatchRow {
  id: string;
  productId: string;
  lotNumber: string;
  growingAreaCode: string | null;
  producedOn: IsoDate;
  harvestedOn: IsoDate | null;
  expiresOn: IsoDate;
  quantity: number;
  uom: string;
  createdById: string;
}

export interface EventRow {
  id: string;
  batchId: string;
  seq: number;
  kind: DiaryEventKind;
  occurredAt: string;
  place: string | null;
  quantity: number | null;
  uom: string | null;
  note: string | null;
  chemical: string | null;
  phiDays: number | null;
  recordedById: string;
  prevHash: string;
  hash: string;
}

export interface ProductChunk {
  products: ProductRow[];
  photos: PhotoRow[];
  certificates: CertificateRow[];
  batches: BatchRow[];
  events: EventRow[];
}

const PUBLIC_ID_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const DAY_MS = 86_400_000;

/** Anchored producers, so the benchmark's named searches ("ca phe dak mil") find something. */
const ANCHORS: readonly { communeCode: string; families: readonly string[]; kind: ProducerKind }[] = [
  { communeCode: "24670", families: ["Cà phê Robusta", "Cà phê Arabica", "Hạt mắc ca"], kind: "COOPERATIVE" },
  { communeCode: "24670", families: ["Cà phê Robusta", "Hồ tiêu"], kind: "HOUSEHOLD_BUSINESS" },
  { communeCode: "31078", families: ["Nước mắm", "Hồ tiêu"], kind: "COMPANY" },
  { communeCode: "00769", families: ["Mật ong", "Chè Shan tuyết", "Tam thất bắc"], kind: "COOPERATIVE" },
  { communeCode: "26080", families: ["Sầu riêng", "Hạt điều"], kind: "HOUSEHOLD_BUSINESS" },
  { communeCode: "24133", families: ["Cà phê Robusta", "Mật ong"], kind: "COMPANY" },
];

/** "2 Bảo Lộc" → "Bảo Lộc": some wards after the 2025 merger are numbered. */
const placeName = (name: string) => name.replace(/^\d+\s+/, "");
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const roundTo = (value: number, step: number) => Math.round(value / step) * step;

export class CatalogueGenerator {
  private readonly slugs: Set<string>;
  private readonly publicIds: Set<string>;
  private readonly gtins: Set<string>;
  private nextGtin = 0;
  private nextCertificate = 1000;
  private producers: ProducerPlan[] = [];

  constructor(
    private readonly random: Random,
    private readonly communes: readonly CommuneInfo[],
    private readonly photos: ReadonlyMap<OcopGroup | "any", PhotoRef>,
    private readonly userId: string,
    private readonly now: Date,
    taken: { slugs: Iterable<string>; publicIds: Iterable<string>; gtins: Iterable<string> },
  ) {
    this.slugs = new Set(taken.slugs);
    this.publicIds = new Set(taken.publicIds);
    this.gtins = new Set(taken.gtins);
  }

  private personName(): string {
    const { random } = this;
    return `${random.pick(FAMILY_NAMES)} ${random.pick(MIDDLE_NAMES)} ${random.pick(GIVEN_NAMES)}`;
  }

  private uniqueSlug(name: string): string {
    for (;;) {
      const slug = `${slugify(name).slice(0, 80)}-${Math.floor(this.random() * 0xffffff)
        .toString(16)
        .padStart(6, "0")}`;
      if (!this.slugs.has(slug)) {
        this.slugs.add(slug);
        return slug;
      }
    }
  }

  private publicId(): string {
    for (;;) {
      let id = "";
      for (let i = 0; i < 10; i++) id += PUBLIC_ID_ALPHABET[Math.floor(this.random() * 32)];
      if (!this.publicIds.has(id)) {
        this.publicIds.add(id);
        return id;
      }
    }
  }

  /** GTIN-13 under the 893 (Vietnam) prefix, company prefix 9xxxx, with its check digit. */
  private gtin(): string {
    for (;;) {
      const data = `8939${String(this.nextGtin++).padStart(8, "0")}`;
      const gtin = `${data}${gs1CheckDigit(data)}`;
      if (!this.gtins.has(gtin)) {
        this.gtins.add(gtin);
        return gtin;
      }
    }
  }

  private daysAgo(min: number, max: number): Date {
    return new Date(this.now.getTime() - this.random.int(min, max) * DAY_MS);
  }

  private familiesFor(provinceCode: string): ProductFamily[] {
    const { random } = this;
    const count = random.int(1, 3);
    const chosen = new Set<ProductFamily>();
    while (chosen.size < count) {
      chosen.add(
        random.weighted(FAMILIES, (f) =>
          f.provinces.length === 0 ? 2 : f.provinces.includes(provinceCode) ? 12 : 1,
        ),
      );
    }
    return [...chosen];
  }

  /** `count` producers: the anchors, one in each province, the rest in random communes. */
  planProducers(count: number): ProducerRow[] {
    const { random } = this;
    const byCode = new Map(this.communes.map((c) => [c.code, c]));
    const provinces = [...new Set(this.communes.map((c) => c.provinceCode))].sort();
    const plans: ProducerPlan[] = [];
    for (let i = 0; i < count; i++) {
      const anchor = ANCHORS[i];
      let commune: CommuneInfo;
      let families: ProductFamily[];
      if (anchor && byCode.has(anchor.communeCode)) {
        commune = byCode.get(anchor.communeCode)!;
        families = FAMILIES.filter((f) => anchor.families.includes(f.name));
      } else {
        const province = provinces[i - ANCHORS.length];
        const pool = province ? this.communes.filter((c) => c.provinceCode === province) : this.communes;
        commune = random.pick(pool);
        families = this.familiesFor(commune.provinceCode);
      }
      const kind = anchor?.kind ?? random.weighted(PRODUCER_KINDS, (k) => k.weight).kind;
      const place = random.chance(0.7) ? placeName(commune.name) : commune.provinceName;
      const trade = families[0]!.trade;
      const name =
        kind === "COOPERATIVE"
          ? `Hợp tác xã ${random.chance(0.5) ? "Nông nghiệp" : trade} ${place}`
          : kind === "COOPERATIVE_GROUP"
            ? `Tổ hợp tác ${trade} ${place}`
            : kind === "COMPANY"
              ? `Công ty ${random.chance(0.7) ? "TNHH" : "Cổ phần"} ${random.pick(COMPANY_WORDS)} ${place}`
              : `Hộ kinh doanh ${this.personName()}`;
      const representative = this.personName();
      const row: ProducerRow = {
        id: randomUUID(),
        slug: this.uniqueSlug(name),
        kind,
        name,
        provinceCode: commune.provinceCode,
        communeCode: commune.code,
        street: `${random.pick(VILLAGE_WORDS)} ${random.int(1, 12)}`,
        description:
          `${name} sản xuất ${families.map((f) => f.name.toLowerCase()).join(", ")} tại ${commune.type} ` +
          `${commune.name}, ${commune.provinceName}. ${families[0]!.blurb}`,
        representative,
        createdAt: this.daysAgo(400, 1500).toISOString(),
      };
      plans.push({ row, commune, families });
    }
    this.producers = plans;
    return plans.map((p) => p.row);
  }

  private diary(
    family: ProductFamily,
    batchId: string,
    harvest: Date,
    pack: { unit: string },
    place: string,
  ): { events: EventRow[]; harvestedOn: IsoDate | null; packedOn: IsoDate } {
    const { random } = this;
    const day = (offset: number) => {
      const at = new Date(harvest.getTime() + offset * DAY_MS);
      // A working hour in Vietnam (UTC+7): 06:00–15:59 local.
      at.setUTCHours(random.int(-1, 8), random.pick([0, 15, 30, 45]), 0, 0);
      return at;
    };
    const chemical = random.pick(CHEMICALS);
    type Step = { kind: DiaryEventKind; at: () => Date; fill: () => Partial<EventRow>; required?: boolean };
    const harvestQty = random.int(2, 60) * 100;
    const packed = Math.max(20, Math.round(harvestQty / 4));
    const steps: Step[] = [];
    if (family.diary === "crop") {
      steps.push(
        {
          kind: random.chance(0.3) ? "PLANTING" : "FERTILISING",
          at: () => day(-random.int(60, 120)),
          fill: () => ({ quantity: random.int(1, 20) * 50, uom: "kg", note: random.pick(FERTILISERS) }),
        },
        {
          kind: "SPRAYING",
          at: () => day(-(chemical.phiDays + random.int(3, 25))),
          fill: () => ({ chemical: chemical.name, phiDays: chemical.phiDays, note: "Phòng sâu bệnh" }),
        },
        {
          kind: "HARVESTING",
          at: () => day(0),
          fill: () => ({ quantity: harvestQty, uom: "kg", note: "Thu hái đúng độ chín" }),
          required: true,
        },
      );
    } else if (family.diary === "processed") {
      steps.push({
        kind: "HARVESTING",
        at: () => day(0),
        fill: () => ({ quantity: harvestQty, uom: "kg", note: "Nguyên liệu đầu vào" }),
      });
    }
    steps.push(
      {
        kind: "PROCESSING",
        at: () => day(random.int(1, 4)),
        fill: () => ({ quantity: Math.round(harvestQty * 0.6), uom: "kg", note: "Sơ chế, chế biến" }),
        required: family.diary !== "crop",
      },
      {
        kind: "INSPECTING",
        at: () => day(random.int(5, 7)),
        fill: () => ({ note: "Kiểm tra chất lượng, đạt" }),
      },
      {
        kind: "PACKING",
        at: () => day(random.int(8, 10)),
        fill: () => ({ quantity: packed, uom: pack.unit.split(" ")[0]!, note: `Đóng ${pack.unit}` }),
        required: true,
      },
      {
        kind: "SHIPPING",
        at: () => day(random.int(11, 15)),
        fill: () => ({
          quantity: Math.round(packed / 2),
          uom: pack.unit.split(" ")[0]!,
          note: "Giao đại lý",
        }),
      },
    );
    const required = steps.filter((s) => s.required);
    const optional = steps.filter((s) => !s.required);
    const total = Math.min(steps.length, random.int(3, 6));
    const picked = new Set([...required, ...random.sample(optional, total - required.length)]);
    const chain: ChainedEvent[] = [];
    const events: EventRow[] = [];
    let harvestedOn: IsoDate | null = null;
    let packedOn: IsoDate = vnDateOf(harvest);
    for (const step of steps) {
      if (!picked.has(step)) continue;
      const at = step.at();
      const fill = step.fill();
      const content = {
        batchId,
        kind: step.kind,
        occurredAt: toVnIsoDateTime(at),
        place: step.kind === "PROCESSING" || step.kind === "PACKING" ? "Xưởng sơ chế" : place,
        quantity: fill.quantity ?? null,
        uom: fill.uom ?? null,
        note: fill.note ?? null,
        chemical: fill.chemical ?? null,
        phiDays: fill.phiDays ?? null,
        photoHash: null,
        recordedById: this.userId,
        actingForProducerId: null,
        correctsSeq: null,
      };
      const next = appendEvent(chain, content);
      chain.push(next);
      if (step.kind === "HARVESTING") harvestedOn = vnDateOf(at);
      if (step.kind === "PACKING") packedOn = vnDateOf(at);
      events.push({
        id: randomUUID(),
        batchId,
        seq: next.content.seq,
        kind: step.kind,
        occurredAt: at.toISOString(),
        place: content.place,
        quantity: content.quantity,
        uom: content.uom,
        note: content.note,
        chemical: content.chemical,
        phiDays: content.phiDays,
        recordedById: this.userId,
        prevHash: next.prevHash,
        hash: next.hash,
      });
    }
    return { events, harvestedOn, packedOn };
  }

  /**
   * `products` in slices, yielding to the event loop between them: the previous chunk's INSERTs
   * (sent to PostgreSQL) progress while this one is generated.
   */
  async productsYielding(from: number, to: number, slice = 250): Promise<ProductChunk> {
    const chunk: ProductChunk = { products: [], photos: [], certificates: [], batches: [], events: [] };
    for (let start = from; start < to; start += slice) {
      const part = this.products(start, Math.min(to, start + slice));
      for (const key of Object.keys(chunk) as (keyof ProductChunk)[])
        (chunk[key] as unknown[]).push(...part[key]);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return chunk;
  }

  /** Products `from`…`to - 1` (sku BENCH-000001…) with their photo, certificate, batch and diary. */
  products(from: number, to: number): ProductChunk {
    const { random } = this;
    const chunk: ProductChunk = { products: [], photos: [], certificates: [], batches: [], events: [] };
    for (let i = from; i < to; i++) {
      const producer = random.pick(this.producers);
      const { commune } = producer;
      const family = random.pick(producer.families);
      const qualifier = random.chance(0.75) ? ` ${random.pick(family.qualifiers)}` : "";
      const place = random.chance(0.65) ? placeName(commune.name) : commune.provinceName;
      const pack = random.pick(family.packs);
      const name = `${family.name}${qualifier} ${place}`;
      const stars = random.chance(0.4)
        ? random.weighted([3, 4, 5], (s) => (s === 3 ? 60 : s === 4 ? 33 : 7))
        : null;
      const listedAt = this.daysAgo(1, 700);
      const submittedAt = new Date(listedAt.getTime() - random.int(1, 20) * DAY_MS);
      const productId = randomUUID();
      chunk.products.push({
        id: productId,
        publicId: this.publicId(),
        slug: this.uniqueSlug(name),
        producerId: producer.row.id,
        name,
        description:
          `${capitalise(family.name.toLowerCase())}${qualifier} của ${producer.row.name}, ` +
          `${commune.type} ${commune.name}, ${commune.provinceName}. ${family.blurb} Quy cách: ${pack.unit}.`,
        ocopGroup: family.group,
        ocopStars: stars,
        unit: pack.unit,
        priceVnd: roundTo(
          random.int(family.price[0], family.price[1]) * (pack.grams >= 2000 ? pack.grams / 1000 : 1),
          1000,
        ),
        stock: random.chance(0.05) ? 0 : random.int(1, 200) * 10,
        gtin: random.chance(0.5) ? this.gtin() : null,
        sku: `BENCH-${String(i + 1).padStart(6, "0")}`,
        category: family.category,
        packSize: pack.packSize,
        weightGrams: pack.grams,
        shelfLifeDays: family.shelfLifeDays,
        storage: "Nơi khô ráo, thoáng mát, tránh ánh nắng trực tiếp",
        originCommuneCode: commune.code,
        submittedAt: submittedAt.toISOString(),
        listedAt: listedAt.toISOString(),
        createdAt: new Date(submittedAt.getTime() - random.int(0, 30) * DAY_MS).toISOString(),
      });
      const photo = this.photos.get(family.group) ?? this.photos.get("any")!;
      chunk.photos.push({ id: randomUUID(), productId, ...photo, alt: name });

      // One batch, harvested 45–300 days ago.
      const harvest = this.daysAgo(45, 300);
      const batchId = randomUUID();
      const plot = `${random.pick(PLOT_WORDS)} ${random.int(1, 20)}, ${producer.row.street}`;
      const diary = this.diary(family, batchId, harvest, pack, plot);
      const initials = slugify(family.trade)
        .split("-")
        .map((w) => w[0]!.toUpperCase())
        .join("")
        .slice(0, 3);
      chunk.batches.push({
        id: batchId,
        productId,
        lotNumber: `${initials}${vnDateOf(harvest).slice(2).replaceAll("-", "")}-${random.int(1, 9)}`,
        growingAreaCode:
          family.diary === "crop"
            ? `VN-${commune.provinceCode}-${String(random.int(1, 9999)).padStart(4, "0")}`
            : null,
        producedOn: diary.packedOn,
        harvestedOn: diary.harvestedOn,
        expiresOn: addDays(diary.packedOn, family.shelfLifeDays),
        quantity: random.int(20, 2000),
        uom: pack.unit.split(" ")[0]!,
        createdById: this.userId,
      });
      chunk.events.push(...diary.events);

      if (stars) {
        // In force on the harvest day and today: issued 10–600 days before the harvest, 36 months.
        const issuedOn = vnDateOf(new Date(harvest.getTime() - random.int(10, 600) * DAY_MS));
        const national = stars === 5;
        chunk.certificates.push({
          id: randomUUID(),
          producerId: producer.row.id,
          productId,
          number: `${this.nextCertificate++}/QĐ-UBND`,
          issuer: national
            ? "Thủ tướng Chính phủ"
            : `UBND ${commune.provinceType} ${commune.provinceName}`.replace("UBND thành phố", "UBND TP."),
          issuerLevel: national ? "NATIONAL" : "PROVINCE",
          ocopStars: stars,
          ocopGroup: family.group,
          issuedOn,
          expiresOn: addMonths(issuedOn, 36),
          createdById: this.userId,
        });
      }
    }
    return chunk;
  }
}
