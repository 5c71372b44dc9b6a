// The traceability export: the listed batches' farm diaries as one EPCIS 2.0 JSON-LD document for
// the national traceability portal. Plain module. Each batch goes through batchToEpcisDocument (the
// same pure function behind the producer's download and the public /t/…/epcis document), so event
// IDs, bizSteps, quantities and the `ocop:` extensions are identical in every copy; this module
// merges the batches and adapts the identifiers for a document that leaves the portal.
//
// bizStep mapping (DIARY_KIND_INFO in ~/modules/traceability/diary.ts, CBV 2.0):
//   HARVESTING → commissioning (ADD, disposition active: the lot comes into existence)
//   PACKING → packing, INSPECTING → inspecting, SHIPPING → shipping
//   PLANTING, FERTILISING, SPRAYING, PROCESSING → project URIs https://ocop.vn/voc/bizstep/… (CBV
//     has no farm steps; PROCESSING is not a TransformationEvent because a batch is one lot from
//     field to package, so input and output would be the same class)
//   CORRECTION → the bizStep of the event it corrects, which gets an errorDeclaration
import type { DiaryEventKind } from "~/generated/prisma/enums";
import { DIARY_KINDS, DIARY_KIND_INFO, OCOP_VOCAB, type DiaryKind } from "~/modules/traceability/diary";
import { buildFallbackLink, digitalLinkClassId } from "~/modules/traceability/digital-link";
import {
  batchToEpcisDocument,
  EPCIS_CONTEXT,
  type BatchEpcisInput,
  type EpcisDocument,
  type EpcisObjectEvent,
  type EpcisVocabulary,
} from "~/modules/traceability/epcis";
import { toVnIsoDateTime } from "~/modules/traceability/vn-time";
import { BackpressureWriter } from "./feeds";

// The database enum and the diary's kinds must stay the same list (a compile error otherwise).
const _sameKinds: [DiaryEventKind] extends [DiaryKind]
  ? [DiaryKind] extends [DiaryEventKind]
    ? true
    : never
  : never = true;

/** Where canonical GS1 Digital Link URIs live: EPCIS 2.0 wants them, not a resolver's own domain. */
export const GS1_CANONICAL_ORIGIN = "https://id.gs1.org";

/** Each diary kind's bizStep in the export (CORRECTION takes the corrected event's). */
export const EPCIS_BIZ_STEPS: Readonly<Record<DiaryKind, string | null>> = Object.fromEntries(
  DIARY_KINDS.map((kind) => [kind, DIARY_KIND_INFO[kind].bizStep]),
) as Record<DiaryKind, string | null>;

/** One diary event as the export needs it: no place, note, photo or user ids (never published). */
export interface ExportDiaryEvent {
  seq: number;
  kind: DiaryKind;
  /** ISO 8601 with offset (as hashed in the chain) or the row's instant. */
  occurredAt: string | Date;
  quantity?: number | null;
  uom?: string | null;
  chemical?: string | null;
  phiDays?: number | null;
  correctsSeq?: number | null;
  /** The chain hashes (sha256 hex), so the national portal can check the chain's links. */
  hash: string;
  prevHash?: string;
  /** When the event was recorded: dates the errorDeclaration of a corrected event. */
  recordedAt?: Date | string | null;
}

/** A listed batch, from its Batch, Product, Producer and DiaryEvent rows (chain verified by the caller). */
export interface ExportBatch {
  lotNumber: string;
  gtin: string | null;
  /** The product's public id: the `/t/{publicId}/{lot}` URI when there is no GTIN. */
  publicId: string;
  productName: string;
  /** publicId: a stable, non-personal id of the producer (never the tax code). */
  producer: BatchEpcisInput["producer"];
  growingAreaCode: string | null;
  harvestedOn?: Date | string | null;
  expiresOn?: Date | string | null;
  quantity?: number | null;
  uom?: string | null;
  events: readonly ExportDiaryEvent[];
}

/** An exported event: the public document's event without readPoint (no place finer than that). */
export type ExportEpcisEvent = Omit<EpcisObjectEvent, "readPoint">;

export type ExportEpcisDocument = Omit<EpcisDocument, "epcisBody"> & {
  epcisBody: { eventList: ExportEpcisEvent[] };
};

/** The lot's class-level URI: canonical Digital Link with a GTIN, the portal's `/t/` URL without. */
export function exportClassId(
  batch: Pick<ExportBatch, "gtin" | "lotNumber" | "publicId">,
  origin: string,
): string {
  return batch.gtin
    ? digitalLinkClassId({ origin: GS1_CANONICAL_ORIGIN, gtin: batch.gtin, lot: batch.lotNumber })
    : buildFallbackLink({ origin, publicId: batch.publicId, lot: batch.lotNumber });
}

function toInput(batch: ExportBatch, origin: string, createdAt: Date): BatchEpcisInput {
  return {
    origin,
    now: createdAt,
    product: { name: batch.productName, gtin: batch.gtin, publicId: batch.publicId },
    producer: batch.producer,
    batch: {
      lotNumber: batch.lotNumber,
      growingAreaCode: batch.growingAreaCode,
      harvestedOn: batch.harvestedOn,
      expiresOn: batch.expiresOn,
      quantity: batch.quantity,
      uom: batch.uom,
    },
    events: batch.events.map((e) => ({
      content: {
        // batchId and recordedById are hashed in the chain but never published; the hash is given.
        batchId: "",
        recordedById: "",
        seq: e.seq,
        kind: e.kind,
        occurredAt: e.occurredAt instanceof Date ? toVnIsoDateTime(e.occurredAt) : e.occurredAt,
        quantity: e.quantity,
        uom: e.uom,
        chemical: e.chemical,
        phiDays: e.phiDays,
        correctsSeq: e.correctsSeq,
      },
      hash: e.hash,
      prevHash: e.prevHash,
      recordedAt: e.recordedAt,
    })),
  };
}

/** One EPCISDocument covering these batches (events grouped by batch, in diary order). */
export function epcisDocumentForBatches(
  batches: readonly ExportBatch[],
  options: { origin: string; createdAt: Date },
): ExportEpcisDocument {
  const eventList: ExportEpcisEvent[] = [];
  const seenEvents = new Set<string>();
  const vocabularies = new Map<string, EpcisVocabulary>();

  for (const batch of batches) {
    const doc = batchToEpcisDocument(toInput(batch, options.origin, options.createdAt));
    // batchToEpcisDocument names the lot under the portal's origin (the public document's choice).
    const portalClass = batch.gtin
      ? digitalLinkClassId({ origin: options.origin, gtin: batch.gtin, lot: batch.lotNumber })
      : null;
    const classId = exportClassId(batch, options.origin);
    const reclass = (id: string) => (id === portalClass ? classId : id);

    for (const { readPoint: _readPoint, ...event } of doc.epcisBody.eventList) {
      if (seenEvents.has(event.eventID)) continue; // the same batch listed twice
      seenEvents.add(event.eventID);
      eventList.push({
        ...event,
        quantityList: event.quantityList.map((q) => ({ ...q, epcClass: reclass(q.epcClass) })),
      });
    }
    // Master data: one vocabulary per type, each element (a producer's premises) once.
    for (const vocabulary of doc.epcisHeader.epcisMasterData.vocabularyList) {
      const merged = vocabularies.get(vocabulary.type) ?? {
        type: vocabulary.type,
        vocabularyElementList: [],
      };
      vocabularies.set(vocabulary.type, merged);
      for (const element of vocabulary.vocabularyElementList) {
        const id = reclass(element.id);
        if (!merged.vocabularyElementList.some((e) => e.id === id))
          merged.vocabularyElementList.push({ ...element, id });
      }
    }
  }

  return {
    "@context": [EPCIS_CONTEXT, { ocop: OCOP_VOCAB }],
    type: "EPCISDocument",
    schemaVersion: "2.0",
    creationDate: toVnIsoDateTime(options.createdAt),
    epcisHeader: { epcisMasterData: { vocabularyList: [...vocabularies.values()] } },
    epcisBody: { eventList },
  };
}

/**
 * Writes the document as JSON, one event per chunk with backpressure, then ends `out`. epcisBody is
 * written last, so the header fields keep their order.
 */
export async function writeEpcisJson(doc: ExportEpcisDocument, out: NodeJS.WritableStream): Promise<void> {
  const sink = new BackpressureWriter(out);
  const { epcisBody, ...head } = doc;
  await sink.write(`${JSON.stringify(head).slice(0, -1)},"epcisBody":{"eventList":[`);
  for (const [i, event] of epcisBody.eventList.entries()) {
    await sink.write((i === 0 ? "\n" : ",\n") + JSON.stringify(event));
  }
  await sink.write("\n]}}\n");
  await sink.end();
}
