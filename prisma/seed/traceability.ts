// Demo certificates and a batch with its farm diary, written through the same modules as the UI
// (validation, hash chain, change records), so the trace pages and QR labels work on demo data.
import { appendDiaryEvent, createBatch } from "~/modules/batches/batches.server";
import { batchSchema, diaryEventSchema } from "~/modules/batches/batch-schema";
import { createCertificate } from "~/modules/certificates/certificates.server";
import { certificateSchema, withDefaults } from "~/modules/certificates/status";
import type { ProducerAccess } from "~/modules/producers/access.server";
import type { PrismaClient } from "~/generated/prisma/client";
import { translator } from "~/utils/i18n";

const t = translator("vi");

function parse<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: unknown } },
  value: unknown,
): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`Invalid demo data: ${JSON.stringify(result.error)}`);
  return result.data;
}

/** Each starred product gets the OCOP certificate behind its stars (decided by the province). */
export async function seedCertificates(
  db: PrismaClient,
  access: (producerId: string) => Promise<ProducerAccess>,
) {
  const products = await db.product.findMany({
    where: { ocopStars: { not: null }, certificates: { none: {} } },
    select: {
      id: true,
      producerId: true,
      ocopStars: true,
      ocopGroup: true,
      producer: { select: { province: { select: { name: true } } } },
    },
  });
  for (const [i, p] of products.entries()) {
    const stars = p.ocopStars!;
    const input = parse(certificateSchema(t), {
      kind: "OCOP",
      number: `${1200 + i}/QĐ-UBND`,
      issuer: stars === 5 ? "Thủ tướng Chính phủ" : `UBND tỉnh ${p.producer.province.name}`,
      issuerLevel: stars === 5 ? "NATIONAL" : "PROVINCE",
      ocopStars: String(stars),
      ocopGroup: p.ocopGroup,
      issuedOn: "2025-03-15",
    });
    await createCertificate(await access(p.producerId), p.id, withDefaults(input), null);
  }
  return products.length;
}

const DIARY = [
  {
    kind: "FERTILISING",
    occurredAt: "2026-06-10T07:30",
    place: "Lô 3, thôn Đức Lập",
    quantity: "200",
    uom: "kg",
    note: "Phân hữu cơ vi sinh",
  },
  {
    kind: "SPRAYING",
    occurredAt: "2026-09-20T06:00",
    place: "Lô 3, thôn Đức Lập",
    chemical: "Abamectin 3.6EC",
    phiDays: "14",
    note: "Phòng rệp sáp",
  },
  {
    kind: "HARVESTING",
    occurredAt: "2026-10-25T06:30",
    place: "Lô 3, thôn Đức Lập",
    quantity: "1200",
    uom: "kg",
    note: "Hái quả chín trên 90%",
  },
  {
    kind: "PROCESSING",
    occurredAt: "2026-11-05T08:00",
    place: "Xưởng sơ chế HTX",
    quantity: "240",
    uom: "kg",
    note: "Phơi giàn 12 ngày, rang mộc",
  },
  { kind: "INSPECTING", occurredAt: "2026-11-08T09:00", place: "Xưởng sơ chế HTX", note: "Độ ẩm 11,5%, đạt" },
  {
    kind: "PACKING",
    occurredAt: "2026-11-10T14:00",
    place: "Xưởng sơ chế HTX",
    quantity: "480",
    uom: "gói",
    note: "Gói 500 g, van một chiều",
  },
] as const;

/** One batch of the cooperative's roasted coffee, its diary written event by event. */
export async function seedBatch(db: PrismaClient, access: (producerId: string) => Promise<ProducerAccess>) {
  const product = await db.product.findUnique({
    where: { slug: "ca-phe-robusta-rang-moc-dak-mil" },
    select: { id: true, producerId: true, shelfLifeDays: true, batches: { select: { id: true } } },
  });
  if (!product || product.batches.length) return 0;
  const who = await access(product.producerId);
  const input = parse(batchSchema(t), {
    lotNumber: "CF2026-01",
    growingAreaCode: "VN-LDRO-0123",
    harvestedOn: "2026-10-25",
    producedOn: "2026-11-10",
    expiresOn: "2027-11-10",
    quantity: "480",
    uom: "gói",
  });
  const batch = await createBatch(who, { id: product.id, shelfLifeDays: product.shelfLifeDays }, input);
  if (!batch.ok) return 0;
  for (const event of DIARY) await appendDiaryEvent(who, batch.id, parse(diaryEventSchema(t), event));
  return 1;
}
