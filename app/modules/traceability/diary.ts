// Farm-diary (nhật ký sản xuất) event kinds, their EPCIS 2.0 business steps, and the pre-harvest
// interval check.
import { addDays, daysBetween, parseOffsetDateTime, vnDateOf, vnStartOfDay } from "./vn-time";

export const DIARY_KINDS = [
  "PLANTING",
  "FERTILISING",
  "SPRAYING",
  "HARVESTING",
  "PROCESSING",
  "PACKING",
  "INSPECTING",
  "SHIPPING",
  "CORRECTION",
] as const;
export type DiaryKind = (typeof DIARY_KINDS)[number];

export function isDiaryKind(value: string): value is DiaryKind {
  return (DIARY_KINDS as readonly string[]).includes(value);
}

/**
 * The project's own vocabulary namespace (JSON-LD prefix `ocop:`), for business steps and fields
 * that CBV 2.0 lacks. These are identifiers, not links: they need not resolve, but must never
 * change once documents are published.
 */
export const OCOP_VOCAB = "https://ocop.vn/voc/";
const ocopBizStep = (name: string) => `${OCOP_VOCAB}bizstep/${name}`;

export interface DiaryKindInfo {
  /** CBV 2.0 short name, a project URI, or null for CORRECTION (it takes the corrected event's). */
  bizStep: string | null;
  /** CBV 2.0 disposition, where the step implies one. */
  disposition: string | null;
  /** Whether `quantity` counts the product itself or an input (fertiliser, pesticide, seedlings). */
  quantityOf: "product" | "input" | null;
  vi: string;
  en: string;
}

// CBV 2.0 has no farm steps, so PLANTING, FERTILISING and SPRAYING use project URIs (EPCIS allows
// any URI as a bizStep). HARVESTING is `commissioning`: it brings the lot into existence (DOMAIN.md).
// PROCESSING also gets a project URI, after rejecting the two CBV candidates:
// - `creating_class_instance` says a new lot comes into being, but the lot was already commissioned
//   at harvest; saying it twice would contradict the harvest event;
// - a TransformationEvent needs distinct inputs and outputs, whereas the diary tracks one batch = one
//   lot = one epcClass from field to package, so its input and output would be the same class.
// When batches gain input lots (blending several harvests), model PROCESSING as a
// TransformationEvent with bizStep `commissioning` on the output lot.
export const DIARY_KIND_INFO: Record<DiaryKind, DiaryKindInfo> = {
  PLANTING: {
    bizStep: ocopBizStep("planting"),
    disposition: null,
    quantityOf: "input",
    vi: "Gieo trồng",
    en: "Planting",
  },
  FERTILISING: {
    bizStep: ocopBizStep("fertilising"),
    disposition: null,
    quantityOf: "input",
    vi: "Bón phân",
    en: "Fertilising",
  },
  SPRAYING: {
    bizStep: ocopBizStep("spraying"),
    disposition: null,
    quantityOf: "input",
    vi: "Phun thuốc bảo vệ thực vật",
    en: "Spraying (crop protection)",
  },
  HARVESTING: {
    bizStep: "commissioning",
    disposition: "active",
    quantityOf: "product",
    vi: "Thu hoạch",
    en: "Harvesting",
  },
  PROCESSING: {
    bizStep: ocopBizStep("processing"),
    disposition: "in_progress",
    quantityOf: "product",
    vi: "Sơ chế, chế biến",
    en: "Processing",
  },
  PACKING: {
    bizStep: "packing",
    disposition: "in_progress",
    quantityOf: "product",
    vi: "Đóng gói",
    en: "Packing",
  },
  // No disposition: the diary does not record the inspection's outcome (conformant or not).
  INSPECTING: {
    bizStep: "inspecting",
    disposition: null,
    quantityOf: "product",
    vi: "Kiểm tra, kiểm nghiệm",
    en: "Inspecting",
  },
  SHIPPING: {
    bizStep: "shipping",
    disposition: "in_transit",
    quantityOf: "product",
    vi: "Xuất hàng",
    en: "Shipping",
  },
  CORRECTION: { bizStep: null, disposition: null, quantityOf: null, vi: "Đính chính", en: "Correction" },
};

export function diaryKindLabel(kind: DiaryKind, lang: "vi" | "en"): string {
  return DIARY_KIND_INFO[kind][lang];
}

/** The fields of a diary event that these checks read. */
export interface DiaryEventLike {
  seq: number;
  kind: DiaryKind;
  occurredAt: string;
  chemical?: string | null;
  phiDays?: number | null;
  correctsSeq?: number | null;
}

/**
 * The diary as it now stands. A CORRECTION event carries the full replacement values for the event it
 * corrects (`correctsSeq`, possibly itself a correction); the original stays in the chain. Each
 * original event appears once, at its own seq, with its own kind and the values of its latest
 * correction.
 */
export function currentEvents<T extends DiaryEventLike>(events: readonly T[]): T[] {
  const bySeq = new Map(events.map((e) => [e.seq, e]));
  const rootOf = (event: T): T => {
    let current = event;
    while (current.kind === "CORRECTION") {
      const target = current.correctsSeq == null ? undefined : bySeq.get(current.correctsSeq);
      if (!target || target.seq >= current.seq) {
        throw new Error(
          `Correction #${current.seq} must correct an earlier event (correctsSeq ${String(current.correctsSeq)})`,
        );
      }
      current = target;
    }
    return current;
  };
  const latest = new Map<number, T>();
  for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
    latest.set(rootOf(event).seq, event);
  }
  return [...latest.entries()]
    .sort(([a], [b]) => a - b)
    .map(([rootSeq, event]) => {
      const root = bySeq.get(rootSeq) as T;
      return event === root ? root : { ...event, seq: root.seq, kind: root.kind, correctsSeq: null };
    });
}

export interface PhiWarning {
  harvestSeq: number;
  sprayingSeq: number;
  chemical: string | null;
  phiDays: number;
  /** 00:00 (Vietnam time) of the first day harvesting is allowed. */
  safeFrom: Date;
  /** Calendar days between the harvest and `safeFrom` (≥ 1). */
  daysEarly: number;
}

function instantOf(event: DiaryEventLike): Date {
  const instant = parseOffsetDateTime(event.occurredAt);
  if (!instant)
    throw new RangeError(`Event #${event.seq}: occurredAt "${event.occurredAt}" is not ISO 8601 with offset`);
  return instant;
}

/**
 * Pre-harvest interval (thời gian cách ly): a harvest is early when it falls before the spraying day
 * plus `phiDays`, counted in calendar days in Vietnam as pesticide labels state it ("ngừng phun
 * trước thu hoạch 7 ngày": sprayed on the 1st, harvest from the 8th). Uses the corrected diary.
 * A spraying without phiDays is not checked here (nothing to compare against).
 */
export function phiWarnings(events: readonly DiaryEventLike[]): PhiWarning[] {
  const current = currentEvents(events);
  const sprayings = current.filter((e) => e.kind === "SPRAYING" && e.phiDays != null);
  const warnings: PhiWarning[] = [];
  for (const harvest of current.filter((e) => e.kind === "HARVESTING")) {
    const harvestedAt = instantOf(harvest);
    const harvestDay = vnDateOf(harvestedAt);
    for (const spraying of sprayings) {
      const sprayedAt = instantOf(spraying);
      const phiDays = spraying.phiDays as number;
      if (sprayedAt.getTime() >= harvestedAt.getTime()) continue;
      const safeDay = addDays(vnDateOf(sprayedAt), phiDays);
      const daysEarly = daysBetween(harvestDay, safeDay);
      if (daysEarly > 0) {
        warnings.push({
          harvestSeq: harvest.seq,
          sprayingSeq: spraying.seq,
          chemical: spraying.chemical ?? null,
          phiDays,
          safeFrom: vnStartOfDay(safeDay),
          daysEarly,
        });
      }
    }
  }
  return warnings;
}
