// A batch's farm diary as an EPCIS 2.0 JSON-LD document (the "event data" of TCVN 12850 / GS1
// Global Traceability Standard). Public: no user ids, no free-text notes or places (which may hold
// a farm's location), no tax code (a household business's tax code is its owner's personal number).
import { buildFallbackLink, digitalLinkClassId } from "./digital-link";
import { DIARY_KIND_INFO, OCOP_VOCAB, type DiaryKind } from "./diary";
import type { DiaryEventContent } from "./hash-chain";
import { toEpcisQuantity } from "./uom";
import { parseOffsetDateTime, toVnDate, toVnIsoDateTime, VN_OFFSET } from "./vn-time";

export const EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
const MDA = "urn:epcglobal:cbv:mda#";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface EpcisQuantity {
  epcClass: string;
  quantity?: number;
  uom?: string;
}

export interface EpcisObjectEvent {
  type: "ObjectEvent";
  eventID: string;
  eventTime: string;
  eventTimeZoneOffset: string;
  action: "ADD" | "OBSERVE";
  bizStep: string;
  disposition?: string;
  readPoint: { id: string };
  bizLocation: { id: string };
  quantityList: EpcisQuantity[];
  ilmd?: Record<string, string>;
  errorDeclaration?: { declarationTime: string; reason: "incorrect_data"; correctiveEventIDs: string[] };
  [extension: `ocop:${string}`]: Json | undefined;
}

export interface EpcisVocabulary {
  type: string;
  vocabularyElementList: { id: string; attributes: { id: string; attribute: string }[] }[];
}

export interface EpcisDocument {
  "@context": [typeof EPCIS_CONTEXT, { ocop: string }];
  type: "EPCISDocument";
  schemaVersion: "2.0";
  creationDate: string;
  epcisHeader: { epcisMasterData: { vocabularyList: EpcisVocabulary[] } };
  epcisBody: { eventList: EpcisObjectEvent[] };
}

export interface BatchEpcisInput {
  /** The portal's public origin, e.g. https://ocop.example.vn. */
  origin: string;
  product: { name: string; gtin?: string | null; publicId: string };
  /** publicId: any stable, non-personal identifier of the producer (never the tax code). */
  producer: {
    publicId: string;
    name: string;
    provinceName: string;
    communeName: string;
    street?: string | null;
  };
  batch: {
    lotNumber: string;
    /** Export growing-area code (mã số vùng trồng, PUC), public by nature. */
    growingAreaCode?: string | null;
    harvestedOn?: Date | string | null;
    expiresOn?: Date | string | null;
    /** Used for the harvest event when the batch has a single harvest that recorded no quantity. */
    quantity?: number | null;
    uom?: string | null;
  };
  /** The batch's chain, verified by the caller (verifyChain). recordedAt dates corrections. */
  events: readonly {
    content: DiaryEventContent;
    hash: string;
    prevHash?: string;
    recordedAt?: Date | string | null;
  }[];
  now?: Date;
}

// Field work happens at the growing area; everything after harvest at the producer's premises.
const FIELD_KINDS: ReadonlySet<DiaryKind> = new Set(["PLANTING", "FERTILISING", "SPRAYING", "HARVESTING"]);

/**
 * eventID: a UUID (RFC 9562 version 8, "custom") taken from the diary event's hash, so every
 * regeneration of the document gives an event the same ID, which correctiveEventIDs rely on.
 */
export function epcisEventId(hash: string): string {
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`Not a sha256 hex hash: ${hash}`);
  const h = hash.slice(0, 32).split("");
  h[12] = "8";
  h[16] = ((parseInt(h[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  const s = h.join("");
  return `urn:uuid:${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

function vnTime(value: Date | string): string {
  const instant = value instanceof Date ? value : parseOffsetDateTime(value);
  if (!instant || Number.isNaN(instant.getTime()))
    throw new RangeError(`Not an ISO 8601 date-time with offset: ${String(value)}`);
  return toVnIsoDateTime(instant);
}

/**
 * Locations are HTTP URIs under the portal's origin, like the Digital Links on the packages:
 * producers have no GLN (so no SGLN or /414/ link), and an origin-based URI stays unique without a
 * registered URN namespace. `/loc/puc/{code}` is the growing area, `/loc/producer/{publicId}` the
 * producer's premises. readPoint = bizLocation: the diary knows no finer place than that.
 */
function locations(input: BatchEpcisInput) {
  const origin = new URL(input.origin).origin;
  const producer = `${origin}/loc/producer/${encodeURIComponent(input.producer.publicId)}`;
  const code = input.batch.growingAreaCode;
  const growingArea = code ? `${origin}/loc/puc/${encodeURIComponent(code)}` : null;
  return { producer, growingArea };
}

function masterData(
  input: BatchEpcisInput,
  epcClass: string,
  loc: ReturnType<typeof locations>,
): EpcisVocabulary[] {
  const attr = (name: string, value: string | null | undefined) =>
    value ? [{ id: MDA + name, attribute: value }] : [];
  const { producer, batch, product } = input;
  const places = [
    {
      id: loc.producer,
      attributes: [
        ...attr("name", producer.name),
        ...attr("streetAddressOne", producer.street),
        ...attr("city", producer.communeName),
        ...attr("state", producer.provinceName),
        ...attr("countryCode", "VN"),
      ],
    },
  ];
  if (loc.growingArea && batch.growingAreaCode) {
    places.push({
      id: loc.growingArea,
      attributes: [
        ...attr("name", `Mã số vùng trồng ${batch.growingAreaCode}`),
        ...attr("countryCode", "VN"),
      ],
    });
  }
  const lot = [
    ...attr("descriptionShort", product.name),
    ...attr("lotNumber", batch.lotNumber),
    ...attr("countryOfOrigin", "VN"),
    ...attr("harvestStartDate", batch.harvestedOn ? toVnDate(batch.harvestedOn) : null),
    ...attr("itemExpirationDate", batch.expiresOn ? toVnDate(batch.expiresOn) : null),
  ];
  return [
    { type: "urn:epcglobal:epcis:vtype:BusinessLocation", vocabularyElementList: places },
    {
      type: "urn:epcglobal:epcis:vtype:EPCClass",
      vocabularyElementList: [{ id: epcClass, attributes: lot }],
    },
  ];
}

export function batchToEpcisDocument(input: BatchEpcisInput): EpcisDocument {
  const { product, batch } = input;
  const epcClass = product.gtin
    ? digitalLinkClassId({ origin: input.origin, gtin: product.gtin, lot: batch.lotNumber })
    : buildFallbackLink({ origin: input.origin, publicId: product.publicId, lot: batch.lotNumber });
  const loc = locations(input);
  const creationDate = toVnIsoDateTime(input.now ?? new Date());
  const events = [...input.events].sort((a, b) => a.content.seq - b.content.seq);

  // A CORRECTION stands for the event it corrects: same bizStep, its own (replacement) values.
  const kindOf = new Map<number, DiaryKind>();
  for (const { content } of events) {
    const target = content.correctsSeq;
    const kind =
      content.kind === "CORRECTION" && target != null && target < content.seq
        ? kindOf.get(target)
        : content.kind;
    if (!kind || kind === "CORRECTION")
      throw new Error(`Correction #${content.seq} corrects no earlier event`);
    kindOf.set(content.seq, kind);
  }
  const harvests = events.filter(
    (e) => kindOf.get(e.content.seq) === "HARVESTING" && e.content.kind !== "CORRECTION",
  );

  const eventList = events.map(({ content, hash, prevHash }): EpcisObjectEvent => {
    const kind = kindOf.get(content.seq) as DiaryKind;
    const info = DIARY_KIND_INFO[kind];
    const where = FIELD_KINDS.has(kind) && loc.growingArea ? loc.growingArea : loc.producer;
    const isHarvest = kind === "HARVESTING";

    const quantityValue = content.quantity ?? (isHarvest && harvests.length === 1 ? batch.quantity : null);
    const uomValue = content.quantity != null ? content.uom : batch.uom;
    const amount = quantityValue != null ? toEpcisQuantity(quantityValue, uomValue) : null;
    const productAmount = info.quantityOf === "product" && amount ? amount : {};

    const event: EpcisObjectEvent = {
      type: "ObjectEvent",
      eventID: epcisEventId(hash),
      eventTime: vnTime(content.occurredAt),
      eventTimeZoneOffset: VN_OFFSET,
      action: isHarvest ? "ADD" : "OBSERVE",
      bizStep: info.bizStep as string,
      ...(info.disposition ? { disposition: info.disposition } : {}),
      readPoint: { id: where },
      bizLocation: { id: where },
      quantityList: [{ epcClass, ...productAmount }],
      "ocop:seq": content.seq,
      "ocop:eventHash": hash,
      ...(prevHash ? { "ocop:prevHash": prevHash } : {}),
    };
    if (isHarvest) {
      event.ilmd = {
        "cbvmda:lotNumber": batch.lotNumber,
        "cbvmda:countryOfOrigin": "VN",
        "cbvmda:harvestStartDate": toVnDate(content.occurredAt),
        ...(batch.expiresOn ? { "cbvmda:itemExpirationDate": toVnDate(batch.expiresOn) } : {}),
        ...(batch.growingAreaCode ? { "ocop:growingAreaCode": batch.growingAreaCode } : {}),
      };
    }
    if (info.quantityOf === "input" && quantityValue != null) {
      event["ocop:inputQuantity"] = { value: quantityValue, unit: uomValue ?? null };
    } else if (quantityValue != null && !amount) {
      event["ocop:quantity"] = { value: quantityValue, unit: uomValue ?? null }; // unit not in Rec 20 table
    }
    if (content.chemical) event["ocop:chemical"] = content.chemical;
    if (content.phiDays != null) event["ocop:phiDays"] = content.phiDays;
    if (content.correctsSeq != null) event["ocop:correctsSeq"] = content.correctsSeq;

    const corrections = events.filter((e) => e.content.correctsSeq === content.seq);
    const firstCorrection = corrections[0];
    if (firstCorrection) {
      event.errorDeclaration = {
        declarationTime: firstCorrection.recordedAt ? vnTime(firstCorrection.recordedAt) : creationDate,
        reason: "incorrect_data",
        correctiveEventIDs: corrections.map((c) => epcisEventId(c.hash)),
      };
    }
    return event;
  });

  return {
    "@context": [EPCIS_CONTEXT, { ocop: OCOP_VOCAB }],
    type: "EPCISDocument",
    schemaVersion: "2.0",
    creationDate,
    epcisHeader: { epcisMasterData: { vocabularyList: masterData(input, epcClass, loc) } },
    epcisBody: { eventList },
  };
}
