import { readFileSync } from "node:fs";
import { Writable } from "node:stream";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { appendEvent, type ChainedEvent, type DiaryEventContent } from "~/modules/traceability/hash-chain";
import {
  EPCIS_BIZ_STEPS,
  epcisDocumentForBatches,
  writeEpcisJson,
  type ExportBatch,
  type ExportEpcisEvent,
} from "./epcis-export";

const schema = JSON.parse(
  readFileSync(new URL("../traceability/testdata/epcis-json-schema.json", import.meta.url), "utf8"),
) as object;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validateSchema = ajv.compile(schema);

const origin = "https://ocop.example.vn";
type NewContent = Omit<DiaryEventContent, "seq" | "batchId" | "recordedById">;

function chainOf(batchId: string, contents: NewContent[]): ChainedEvent[] {
  const who = { batchId, recordedById: "user_secret_7", actingForProducerId: "producer_secret_3" };
  return contents.reduce<ChainedEvent[]>((c, content) => [...c, appendEvent(c, { ...who, ...content })], []);
}

const coffeeChain = chainOf("batch_cf", [
  { kind: "PLANTING", occurredAt: "2024-09-01T07:00:00+07:00", quantity: 300, uom: "cây", place: "Thửa 12" },
  { kind: "SPRAYING", occurredAt: "2025-02-01T06:30:00+07:00", chemical: "Abamectin 3.6EC", phiDays: 7 },
  { kind: "HARVESTING", occurredAt: "2025-03-19T23:30:00Z", quantity: 12, uom: "tạ", note: "sáng sớm" },
  { kind: "PROCESSING", occurredAt: "2025-03-21T08:00:00+07:00" },
  { kind: "PACKING", occurredAt: "2025-03-22T08:00:00+07:00", quantity: 120, uom: "hộp" },
  { kind: "INSPECTING", occurredAt: "2025-03-22T15:00:00+07:00" },
  { kind: "SHIPPING", occurredAt: "2025-03-23T05:00:00+07:00", quantity: 100, uom: "hộp" },
  { kind: "CORRECTION", correctsSeq: 5, occurredAt: "2025-03-22T08:00:00+07:00", quantity: 110, uom: "hộp" },
]);
const honeyChain = chainOf("batch_mo", [
  { kind: "HARVESTING", occurredAt: "2025-07-01T09:00:00+07:00", quantity: 40, uom: "kg" },
  { kind: "PACKING", occurredAt: "2025-07-02T09:00:00+07:00", quantity: 80, uom: "chai" },
]);

const producer = {
  publicId: "pr_eatu",
  name: "HTX Nông nghiệp Ea Tu",
  provinceName: "Đắk Lắk",
  communeName: "Xã Ea Tu",
  street: "Thôn 3",
};
// Rows as the diary holds them: the export must drop what it must not publish.
const exportEvents = (chain: ChainedEvent[]) =>
  chain.map((e) => ({ ...e.content, hash: e.hash, prevHash: e.prevHash }));

const coffee: ExportBatch = {
  lotNumber: "CF2025-031",
  gtin: "8935049500018",
  publicId: "p_cf01",
  productName: "Cà phê Robusta rang xay",
  producer,
  growingAreaCode: "VN-DLA-0042",
  harvestedOn: "2025-03-20",
  expiresOn: "2026-03-20",
  quantity: 1200,
  uom: "kg",
  events: exportEvents(coffeeChain),
};
const honey: ExportBatch = {
  lotNumber: "MO-2025-07",
  gtin: null,
  publicId: "p_mat01",
  productName: "Mật ong hoa cà phê",
  producer,
  growingAreaCode: null,
  // Rows straight from the database: occurredAt as a Date.
  events: exportEvents(honeyChain).map((e) => ({ ...e, occurredAt: new Date(e.occurredAt) })),
};

const createdAt = new Date("2025-07-10T03:00:00Z");
const doc = epcisDocumentForBatches([coffee, honey, coffee], { origin, createdAt });
const events = doc.epcisBody.eventList;
const coffeeClass = "https://id.gs1.org/01/08935049500018/10/CF2025-031";
const honeyClass = "https://ocop.example.vn/t/p_mat01/MO-2025-07";
const ofClass = (epcClass: string) => events.filter((e) => e.quantityList[0]?.epcClass === epcClass);

describe("epcisDocumentForBatches", () => {
  it("is one EPCIS 2.0 document, valid against GS1's JSON schema", () => {
    expect(validateSchema(doc)).toBe(true);
    expect(validateSchema.errors ?? []).toEqual([]);
    expect(doc["@context"]).toEqual([
      "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
      { ocop: "https://ocop.vn/voc/" },
    ]);
    expect(doc.type).toBe("EPCISDocument");
    expect(doc.schemaVersion).toBe("2.0");
    expect(doc.creationDate).toBe("2025-07-10T10:00:00.000+07:00");
  });

  it("covers every batch once, events in diary order, every one an ObjectEvent in +07:00", () => {
    expect(events).toHaveLength(coffeeChain.length + honeyChain.length); // the repeated batch once
    expect(ofClass(coffeeClass).map((e) => e["ocop:seq"])).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ofClass(honeyClass).map((e) => e["ocop:seq"])).toEqual([1, 2]);
    for (const e of events) {
      expect(e.type).toBe("ObjectEvent");
      expect(e.eventTimeZoneOffset).toBe("+07:00");
      expect(e.eventTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+07:00$/);
      expect(e).not.toHaveProperty("readPoint");
      expect(e.eventID).toMatch(/^urn:uuid:/);
    }
    expect(ofClass(coffeeClass)[2]?.eventTime).toBe("2025-03-20T06:30:00.000+07:00");
    expect(ofClass(honeyClass)[0]?.eventTime).toBe("2025-07-01T09:00:00.000+07:00");
  });

  it("maps diary kinds to CBV bizSteps", () => {
    expect(EPCIS_BIZ_STEPS).toEqual({
      PLANTING: "https://ocop.vn/voc/bizstep/planting",
      FERTILISING: "https://ocop.vn/voc/bizstep/fertilising",
      SPRAYING: "https://ocop.vn/voc/bizstep/spraying",
      HARVESTING: "commissioning",
      PROCESSING: "https://ocop.vn/voc/bizstep/processing",
      PACKING: "packing",
      INSPECTING: "inspecting",
      SHIPPING: "shipping",
      CORRECTION: null,
    });
    expect(ofClass(coffeeClass).map((e) => [e.action, e.bizStep])).toEqual([
      ["OBSERVE", "https://ocop.vn/voc/bizstep/planting"],
      ["OBSERVE", "https://ocop.vn/voc/bizstep/spraying"],
      ["ADD", "commissioning"],
      ["OBSERVE", "https://ocop.vn/voc/bizstep/processing"],
      ["OBSERVE", "packing"],
      ["OBSERVE", "inspecting"],
      ["OBSERVE", "shipping"],
      ["OBSERVE", "packing"], // the correction takes the corrected event's step
    ]);
    const corrected = ofClass(coffeeClass)[4] as ExportEpcisEvent;
    expect(corrected.errorDeclaration?.correctiveEventIDs).toEqual([ofClass(coffeeClass)[7]?.eventID]);
  });

  it("identifies lots by canonical GS1 Digital Link with a GTIN, by the portal's /t/ URL without", () => {
    for (const e of ofClass(coffeeClass)) expect(e.quantityList).toHaveLength(1);
    expect(ofClass(coffeeClass)[2]?.quantityList).toEqual([
      { epcClass: coffeeClass, quantity: 1200, uom: "KGM" },
    ]);
    expect(ofClass(honeyClass)[0]?.quantityList).toEqual([
      { epcClass: honeyClass, quantity: 40, uom: "KGM" },
    ]);
    const [places, classes] = doc.epcisHeader.epcisMasterData.vocabularyList;
    expect(classes?.vocabularyElementList.map((e) => e.id)).toEqual([coffeeClass, honeyClass]);
    // The producer's premises once, though both batches are theirs.
    expect(places?.vocabularyElementList.map((e) => e.id)).toEqual([
      "https://ocop.example.vn/loc/producer/pr_eatu",
      "https://ocop.example.vn/loc/puc/VN-DLA-0042",
    ]);
    expect(JSON.stringify(doc)).not.toContain(`${origin}/01/`);
  });

  it("carries each diary event's hash and its link, so the chain can be checked", () => {
    for (const [chain, epcClass] of [
      [coffeeChain, coffeeClass],
      [honeyChain, honeyClass],
    ] as const) {
      const exported = ofClass(epcClass);
      exported.forEach((e, i) => {
        expect(e["ocop:eventHash"]).toBe(chain[i]?.hash);
        expect(e["ocop:eventHash"]).toMatch(/^[0-9a-f]{64}$/);
        expect(e["ocop:prevHash"]).toBe(i === 0 ? "0".repeat(64) : exported[i - 1]?.["ocop:eventHash"]);
      });
    }
  });

  it("publishes no user ids, notes or free-text places", () => {
    const json = JSON.stringify(doc);
    for (const secret of ["user_secret_7", "producer_secret_3", "batch_cf", "Thửa 12", "sáng sớm"])
      expect(json).not.toContain(secret);
  });

  it("an empty export is still a valid document", () => {
    const empty = epcisDocumentForBatches([], { origin, createdAt });
    expect(validateSchema(empty)).toBe(true);
    expect(empty.epcisBody.eventList).toEqual([]);
    // A batch without diary events still names its lot canonically in the master data.
    const bare = epcisDocumentForBatches([{ ...coffee, events: [] }], { origin, createdAt });
    expect(bare.epcisHeader.epcisMasterData.vocabularyList[1]?.vocabularyElementList[0]?.id).toBe(
      coffeeClass,
    );
  });
});

describe("writeEpcisJson", () => {
  it("writes the document as JSON that parses back to it", async () => {
    const chunks: Buffer[] = [];
    const out = new Writable({
      highWaterMark: 256,
      write(chunk: Buffer, _enc, done) {
        chunks.push(chunk);
        setImmediate(done);
      },
    });
    await writeEpcisJson(doc, out);
    expect(out.writableFinished).toBe(true);
    const text = Buffer.concat(chunks).toString("utf8");
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(doc)));
    expect(Object.keys(JSON.parse(text) as object)).toEqual(Object.keys(doc));
  });
});
