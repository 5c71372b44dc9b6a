import { readFileSync } from "node:fs";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { batchToEpcisDocument, epcisEventId, type BatchEpcisInput, type EpcisObjectEvent } from "./epcis";
import { appendEvent, verifyChain, type ChainedEvent, type DiaryEventContent } from "./hash-chain";

const schema = JSON.parse(
  readFileSync(new URL("./testdata/epcis-json-schema.json", import.meta.url), "utf8"),
) as object;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

const origin = "https://ocop.example.vn";
const base = { batchId: "batch_42", recordedById: "user_secret_7", actingForProducerId: "producer_secret_3" };
type NewContent = Omit<DiaryEventContent, "seq">;
const diary: NewContent[] = [
  {
    ...base,
    kind: "PLANTING",
    occurredAt: "2024-09-01T07:00:00+07:00",
    quantity: 300,
    uom: "cây",
    place: "Thửa 12, thôn 3",
  },
  {
    ...base,
    kind: "FERTILISING",
    occurredAt: "2024-10-01T07:00:00+07:00",
    quantity: 5,
    uom: "kg",
    note: "NPK 16-16-8",
  },
  {
    ...base,
    kind: "SPRAYING",
    occurredAt: "2025-02-01T06:30:00+07:00",
    chemical: "Abamectin 3.6EC",
    phiDays: 7,
    quantity: 2,
    uom: "lít",
  },
  // 23:30 UTC on 19 March is 06:30 on 20 March in Vietnam.
  { ...base, kind: "HARVESTING", occurredAt: "2025-03-19T23:30:00Z", quantity: 12, uom: "tạ" },
  { ...base, kind: "PROCESSING", occurredAt: "2025-03-21T08:00:00+07:00" },
  { ...base, kind: "PACKING", occurredAt: "2025-03-22T08:00:00+07:00", quantity: 120, uom: "hộp" },
  { ...base, kind: "INSPECTING", occurredAt: "2025-03-22T15:00:00+07:00", quantity: 2, uom: "hộp" },
  { ...base, kind: "SHIPPING", occurredAt: "2025-03-23T05:00:00+07:00", quantity: 100, uom: "hộp" },
  {
    ...base,
    kind: "CORRECTION",
    correctsSeq: 2,
    occurredAt: "2024-10-02T07:00:00+07:00",
    quantity: 50,
    uom: "kg",
    note: "nhập nhầm",
  },
];
const chain = diary.reduce<ChainedEvent[]>((c, content) => [...c, appendEvent(c, content)], []);

const input: BatchEpcisInput = {
  origin,
  product: { name: "Cà phê Robusta rang xay", gtin: "8935049500018", publicId: "p_cf01" },
  producer: {
    publicId: "pr_eatu",
    name: "HTX Nông nghiệp Ea Tu",
    provinceName: "Đắk Lắk",
    communeName: "Xã Ea Tu",
    street: "Thôn 3",
  },
  batch: {
    lotNumber: "CF2025-031",
    growingAreaCode: "VN-DLA-0042",
    harvestedOn: "2025-03-20",
    expiresOn: "2026-03-20",
    quantity: 1200,
    uom: "kg",
  },
  events: chain.map((e, i) => ({ ...e, recordedAt: new Date(Date.UTC(2025, 2, 1 + i)) })),
  now: new Date("2025-03-24T02:00:00Z"),
};
const doc = batchToEpcisDocument(input);
const events = doc.epcisBody.eventList;
const bySeq = (seq: number) => events.find((e) => e["ocop:seq"] === seq) as EpcisObjectEvent;
const classId = "https://ocop.example.vn/01/08935049500018/10/CF2025-031";
const puc = "https://ocop.example.vn/loc/puc/VN-DLA-0042";
const premises = "https://ocop.example.vn/loc/producer/pr_eatu";

describe("batchToEpcisDocument", () => {
  it("is valid against GS1's EPCIS 2.0 JSON schema", () => {
    expect(verifyChain(chain)).toEqual({ ok: true });
    const ok = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("the schema check bites: a document missing a required event field fails", () => {
    const broken = structuredClone(doc) as unknown as { epcisBody: { eventList: Record<string, unknown>[] } };
    delete broken.epcisBody.eventList[0]?.eventTimeZoneOffset;
    expect(validate(broken)).toBe(false);
  });

  it("has the EPCIS 2.0 header with the ocop prefix declared", () => {
    expect(doc["@context"]).toEqual([
      "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
      { ocop: "https://ocop.vn/voc/" },
    ]);
    expect(doc.type).toBe("EPCISDocument");
    expect(doc.schemaVersion).toBe("2.0");
    expect(doc.creationDate).toBe("2025-03-24T09:00:00.000+07:00");
  });

  it("has one ObjectEvent per diary event, with every required field, in +07:00", () => {
    expect(events.map((e) => e["ocop:seq"])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const [i, e] of events.entries()) {
      expect(e.type).toBe("ObjectEvent");
      expect(e.eventID).toBe(epcisEventId(chain[i]!.hash));
      expect(e.eventID).toMatch(
        /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(e.eventTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+07:00$/);
      expect(e.eventTimeZoneOffset).toBe("+07:00");
      expect(e.bizStep).toBeTruthy();
      expect(e.readPoint.id).toBe(e.bizLocation.id);
      expect(e.quantityList[0]?.epcClass).toBe(classId);
      expect(e["ocop:eventHash"]).toBe(chain[i]!.hash);
      expect(e["ocop:prevHash"]).toBe(chain[i]!.prevHash);
    }
    expect(bySeq(4).eventTime).toBe("2025-03-20T06:30:00.000+07:00");
    expect(bySeq(1).eventTime).toBe("2024-09-01T07:00:00.000+07:00");
  });

  it("maps kinds to action, bizStep, disposition and location", () => {
    const summary = events.map((e) => [
      e["ocop:seq"],
      e.action,
      e.bizStep,
      e.disposition ?? null,
      e.bizLocation.id,
    ]);
    expect(summary).toEqual([
      [1, "OBSERVE", "https://ocop.vn/voc/bizstep/planting", null, puc],
      [2, "OBSERVE", "https://ocop.vn/voc/bizstep/fertilising", null, puc],
      [3, "OBSERVE", "https://ocop.vn/voc/bizstep/spraying", null, puc],
      [4, "ADD", "commissioning", "active", puc],
      [5, "OBSERVE", "https://ocop.vn/voc/bizstep/processing", "in_progress", premises],
      [6, "OBSERVE", "packing", "in_progress", premises],
      [7, "OBSERVE", "inspecting", null, premises],
      [8, "OBSERVE", "shipping", "in_transit", premises],
      [9, "OBSERVE", "https://ocop.vn/voc/bizstep/fertilising", null, puc], // the correction of #2
    ]);
  });

  it("puts ilmd (lot, origin, expiry) on the commissioning event only", () => {
    expect(bySeq(4).ilmd).toEqual({
      "cbvmda:lotNumber": "CF2025-031",
      "cbvmda:countryOfOrigin": "VN",
      "cbvmda:harvestStartDate": "2025-03-20",
      "cbvmda:itemExpirationDate": "2026-03-20",
      "ocop:growingAreaCode": "VN-DLA-0042",
    });
    expect(events.filter((e) => e.ilmd)).toHaveLength(1);
  });

  it("states product quantities in UN/CEFACT units, input quantities as an extension", () => {
    expect(bySeq(4).quantityList).toEqual([{ epcClass: classId, quantity: 1200, uom: "KGM" }]); // 12 tạ
    expect(bySeq(6).quantityList).toEqual([{ epcClass: classId, quantity: 120 }]); // boxes: a count
    expect(bySeq(8).quantityList).toEqual([{ epcClass: classId, quantity: 100 }]);
    expect(bySeq(5).quantityList).toEqual([{ epcClass: classId }]);
    expect(bySeq(2).quantityList).toEqual([{ epcClass: classId }]);
    expect(bySeq(2)["ocop:inputQuantity"]).toEqual({ value: 5, unit: "kg" });
    expect(bySeq(3)).toMatchObject({
      "ocop:chemical": "Abamectin 3.6EC",
      "ocop:phiDays": 7,
      "ocop:inputQuantity": { value: 2, unit: "lít" },
    });
  });

  it("declares the corrected event erroneous, pointing at its correction", () => {
    expect(bySeq(2).errorDeclaration).toEqual({
      declarationTime: "2025-03-09T07:00:00.000+07:00", // recordedAt of #9
      reason: "incorrect_data",
      correctiveEventIDs: [bySeq(9).eventID],
    });
    expect(bySeq(9)["ocop:correctsSeq"]).toBe(2);
    expect(bySeq(9)["ocop:inputQuantity"]).toEqual({ value: 50, unit: "kg" });
    expect(events.filter((e) => e.errorDeclaration)).toHaveLength(1);
  });

  it("carries producer and lot master data", () => {
    const [locations, classes] = doc.epcisHeader.epcisMasterData.vocabularyList;
    expect(locations?.vocabularyElementList.map((e) => e.id)).toEqual([premises, puc]);
    expect(locations?.vocabularyElementList[0]?.attributes).toEqual([
      { id: "urn:epcglobal:cbv:mda#name", attribute: "HTX Nông nghiệp Ea Tu" },
      { id: "urn:epcglobal:cbv:mda#streetAddressOne", attribute: "Thôn 3" },
      { id: "urn:epcglobal:cbv:mda#city", attribute: "Xã Ea Tu" },
      { id: "urn:epcglobal:cbv:mda#state", attribute: "Đắk Lắk" },
      { id: "urn:epcglobal:cbv:mda#countryCode", attribute: "VN" },
    ]);
    expect(classes?.vocabularyElementList[0]).toMatchObject({ id: classId });
    expect(classes?.vocabularyElementList[0]?.attributes).toContainEqual({
      id: "urn:epcglobal:cbv:mda#descriptionShort",
      attribute: "Cà phê Robusta rang xay",
    });
  });

  it("publishes no user ids, notes or free-text places", () => {
    const json = JSON.stringify(doc);
    for (const secret of ["user_secret_7", "producer_secret_3", "NPK 16-16-8", "nhập nhầm", "Thửa 12"])
      expect(json).not.toContain(secret);
  });

  it("uses the fallback URI and the producer's premises without GTIN or growing area", () => {
    const plain = batchToEpcisDocument({
      ...input,
      product: { ...input.product, gtin: null },
      batch: { lotNumber: "CF2025-031" },
      events: chain.slice(0, 4),
    });
    expect(validate(plain)).toBe(true);
    const harvest = plain.epcisBody.eventList[3]!;
    expect(harvest.quantityList).toEqual([
      { epcClass: "https://ocop.example.vn/t/p_cf01/CF2025-031", quantity: 1200, uom: "KGM" },
    ]);
    expect(harvest.bizLocation.id).toBe(premises);
    expect(harvest.ilmd).toEqual({
      "cbvmda:lotNumber": "CF2025-031",
      "cbvmda:countryOfOrigin": "VN",
      "cbvmda:harvestStartDate": "2025-03-20",
    });
  });

  it("falls back to the batch quantity for a single harvest that recorded none", () => {
    const noQty = diary
      .slice(0, 3)
      .concat({ ...base, kind: "HARVESTING", occurredAt: "2025-03-20T06:00:00+07:00" });
    const c = noQty.reduce<ChainedEvent[]>((acc, content) => [...acc, appendEvent(acc, content)], []);
    const d = batchToEpcisDocument({ ...input, events: c });
    expect(d.epcisBody.eventList[3]?.quantityList).toEqual([
      { epcClass: classId, quantity: 1200, uom: "KGM" },
    ]);
  });
});

describe("epcisEventId", () => {
  it("is a stable version-8 UUID from the hash", () => {
    expect(epcisEventId("0123456789abcdef".repeat(4))).toBe("urn:uuid:01234567-89ab-8def-8123-456789abcdef");
    expect(() => epcisEventId("xyz")).toThrow(/sha256/);
  });
});
