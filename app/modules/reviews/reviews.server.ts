import type { CertificateKind, OcopGroup, Prisma, ProductStatus } from "~/generated/prisma/client";
import { loadDiary } from "~/modules/batches/batches.server";
import { certificateStatus } from "~/modules/certificates/status";
import { openDocument } from "~/modules/certificates/certificates.server";
import { REVIEWED_FIELDS } from "~/modules/products/product-schema";
import { submissionProblems } from "~/modules/products/submission";
import { prisma } from "~/utils/db.server";
import { activeChecklist } from "./checklist.server";
import type { QueueView } from "./queue-views";
import { diffSnapshots, type SnapshotChange } from "./diff";
import { allowedActions, type ReviewAction } from "./state-machine";
import { assertMayReview, proposedValues, ReviewForbidden, reviewSnapshot } from "./transitions.server";

export interface Official {
  id: string;
  provinceCode: string;
}

export interface QueueFilters {
  view: QueueView;
  commune?: string;
  group?: OcopGroup;
  certificate?: CertificateKind;
  /** Waiting at least this many days. */
  minDays?: number;
  /** Keyset cursor: the last row's "submittedAt|id". */
  after?: string;
}

const PAGE_SIZE = 50;
const DAY = 86_400_000;

function viewWhere(view: QueueView, officialId: string): Prisma.ProductWhereInput {
  switch (view) {
    case "open":
      return { status: { in: ["SUBMITTED", "IN_REVIEW"] } };
    case "waiting":
      return { status: "SUBMITTED" };
    case "mine":
      return { status: "IN_REVIEW", reviewerId: officialId };
    default:
      return { status: view };
  }
}

/** The province's dossiers, oldest submission first (first come, first served), with counts. */
export async function reviewQueue(official: Official, filters: QueueFilters, now = new Date()) {
  const where: Prisma.ProductWhereInput = {
    producer: {
      provinceCode: official.provinceCode,
      ...(filters.commune ? { communeCode: filters.commune } : {}),
    },
    ...viewWhere(filters.view, official.id),
    ...(filters.group ? { ocopGroup: filters.group } : {}),
    ...(filters.certificate ? { certificates: { some: { kind: filters.certificate } } } : {}),
    ...(filters.minDays ? { submittedAt: { lte: new Date(now.getTime() - filters.minDays * DAY) } } : {}),
  };
  const cursor = parseCursor(filters.after);
  const [rows, total, byStatus, oldest] = await Promise.all([
    prisma.product.findMany({
      where: cursor
        ? {
            AND: [
              where,
              {
                OR: [{ submittedAt: { gt: cursor.at } }, { submittedAt: cursor.at, id: { gt: cursor.id } }],
              },
            ],
          }
        : where,
      orderBy: [{ submittedAt: { sort: "asc", nulls: "first" } }, { id: "asc" }],
      take: PAGE_SIZE + 1,
      select: {
        id: true,
        name: true,
        status: true,
        ocopGroup: true,
        ocopStars: true,
        submittedAt: true,
        listedAt: true,
        revision: true,
        reviewerId: true,
        reviewer: { select: { name: true } },
        producer: { select: { name: true, commune: { select: { name: true } } } },
        certificates: { select: { kind: true }, distinct: ["kind"] },
      },
    }),
    prisma.product.count({ where }),
    prisma.product.groupBy({
      by: ["status"],
      where: { producer: { provinceCode: official.provinceCode } },
      _count: { _all: true },
    }),
    prisma.product.findFirst({
      where: { producer: { provinceCode: official.provinceCode }, status: "SUBMITTED" },
      orderBy: { submittedAt: "asc" },
      select: { submittedAt: true },
    }),
  ]);
  const page = rows.slice(0, PAGE_SIZE);
  const last = page.at(-1);
  return {
    items: page.map((p) => ({
      id: p.id,
      name: p.name,
      status: p.status,
      ocopGroup: p.ocopGroup,
      ocopStars: p.ocopStars,
      producer: p.producer.name,
      commune: p.producer.commune.name,
      certificates: p.certificates.map((c) => c.kind),
      submittedAt: p.submittedAt?.toISOString() ?? null,
      waitingDays: p.submittedAt ? Math.floor((now.getTime() - p.submittedAt.getTime()) / DAY) : null,
      isRevision: p.listedAt !== null && p.revision !== null,
      reviewer: p.reviewer?.name ?? null,
      mine: p.reviewerId === official.id,
    })),
    total,
    next: rows.length > PAGE_SIZE && last ? `${last.submittedAt?.toISOString() ?? ""}|${last.id}` : null,
    counts: Object.fromEntries(byStatus.map((g) => [g.status, g._count._all])) as Partial<
      Record<ProductStatus, number>
    >,
    oldestWaitingDays: oldest?.submittedAt
      ? Math.floor((now.getTime() - oldest.submittedAt.getTime()) / DAY)
      : null,
  };
}

function parseCursor(value: string | undefined): { at: Date; id: string } | null {
  if (!value) return null;
  const [at, id] = value.split("|");
  const date = at ? new Date(at) : null;
  if (!date || Number.isNaN(date.getTime()) || !id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  return { at: date, id };
}

/** Filter choices for the queue: the province's communes that have producers. */
export function queueCommunes(provinceCode: string) {
  return prisma.commune.findMany({
    where: { provinceCode, producers: { some: {} } },
    select: { code: true, name: true },
    orderBy: { name: "asc" },
  });
}

/** Other officials of the province a dossier may be assigned to. */
export function provinceColleagues(official: Official) {
  return prisma.user.findMany({
    where: { role: "OFFICIAL", provinceCode: official.provinceCode, id: { not: official.id } },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
}

const notFound = () => new Response("Not found", { status: 404 });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A product of the official's province, or 404: a dossier elsewhere does not exist for them. */
export async function requireProvinceProduct(official: Official, productId: string | undefined) {
  if (!productId || !UUID.test(productId)) throw notFound();
  const product = await prisma.product.findFirst({
    where: { id: productId, producer: { provinceCode: official.provinceCode } },
    select: { id: true, producerId: true, producer: { select: { provinceCode: true, onboardedById: true } } },
  });
  if (!product) throw notFound();
  return product;
}

/** Everything an official needs to decide on one dossier. */
export async function reviewDossier(official: Official, productId: string | undefined, now = new Date()) {
  const base = await requireProvinceProduct(official, productId);
  let conflict: ReviewForbidden["reason"] | null = null;
  try {
    await assertMayReview(official, base);
  } catch (error) {
    if (!(error instanceof ReviewForbidden)) throw error;
    conflict = error.reason;
  }

  const product = await prisma.product.findUniqueOrThrow({
    where: { id: base.id },
    select: {
      id: true,
      publicId: true,
      slug: true,
      name: true,
      status: true,
      sku: true,
      priceVnd: true,
      stock: true,
      minOrder: true,
      ocopStars: true,
      listedAt: true,
      revision: true,
      submittedAt: true,
      claimedAt: true,
      suspensionCause: true,
      reviewerId: true,
      reviewer: { select: { name: true } },
      ...Object.fromEntries(REVIEWED_FIELDS.map((f) => [f, true])),
      originCommune: { select: { name: true } },
      producer: {
        select: {
          id: true,
          name: true,
          kind: true,
          taxCode: true,
          registrationNumber: true,
          representative: true,
          phone: true,
          street: true,
          commune: { select: { name: true } },
          province: { select: { name: true } },
          onboardedBy: { select: { name: true } },
          claimedAt: true,
        },
      },
      photos: {
        select: { hash: true, width: true, height: true, placeholder: true, alt: true },
        orderBy: { position: "asc" },
      },
      certificates: {
        select: {
          id: true,
          kind: true,
          number: true,
          issuer: true,
          ocopStars: true,
          issuedOn: true,
          expiresOn: true,
          revokedAt: true,
          revokedReason: true,
          documentKey: true,
        },
        orderBy: { issuedOn: "desc" },
      },
      batches: {
        select: { id: true, lotNumber: true, growingAreaCode: true, harvestedOn: true, createdAt: true },
        orderBy: { createdAt: "desc" },
      },
      reviews: {
        select: {
          id: true,
          decision: true,
          reasons: true,
          checklist: true,
          snapshot: true,
          createdAt: true,
          reviewerId: true,
        },
        orderBy: { createdAt: "desc" },
        take: 50,
      },
    },
  });

  const current = reviewSnapshot(product as unknown as Parameters<typeof reviewSnapshot>[0]);
  // The diff starts at the last decision an official (or the expiry job) made on the dossier.
  const lastDecision = product.reviews.find((r) =>
    ["APPROVED", "CHANGES_REQUESTED", "REJECTED", "REINSTATED", "SUSPENDED"].includes(r.decision),
  );
  const changes: SnapshotChange[] = lastDecision
    ? diffSnapshots(lastDecision.snapshot as Record<string, unknown>, current)
    : [];

  const reviewerNames = new Map(
    (
      await prisma.user.findMany({
        where: { id: { in: product.reviews.map((r) => r.reviewerId).filter((id): id is string => !!id) } },
        select: { id: true, name: true },
      })
    ).map((u) => [u.id, u.name]),
  );

  const latestBatch = product.batches[0];
  const diary = latestBatch ? await loadDiary(latestBatch.id) : null;
  const listed = product.listedAt !== null;
  const problems = submissionProblems(
    {
      status: "DRAFT",
      name: product.name,
      unit: current.unit as string | null,
      priceVnd: product.priceVnd,
      description: current.description as string | null,
      ocopStars: product.ocopStars,
      photoCount: product.photos.length,
      certificates: product.certificates,
    },
    now,
  ).filter((p) => p !== "status");

  let actions: ReviewAction[] = conflict ? [] : allowedActions(product.status, "OFFICIAL", { listed });
  // Decisions on a claimed dossier belong to whoever holds it.
  if (product.status === "IN_REVIEW" && product.reviewerId !== official.id) actions = [];

  return {
    product: {
      id: product.id,
      publicId: product.publicId,
      status: product.status,
      name: current.name as string,
      values: proposedValues(product as unknown as Record<string, unknown>),
      originCommune: product.originCommune?.name ?? null,
      sku: product.sku,
      priceVnd: product.priceVnd,
      stock: product.stock,
      minOrder: product.minOrder,
      ocopStars: product.ocopStars,
      listed,
      isRevision: listed && product.revision !== null,
      submittedAt: product.submittedAt?.toISOString() ?? null,
      claimedAt: product.claimedAt?.toISOString() ?? null,
      suspensionCause: product.suspensionCause,
      reviewer: product.reviewer?.name ?? null,
      claimedByMe: product.reviewerId === official.id,
    },
    producer: {
      ...product.producer,
      commune: product.producer.commune.name,
      province: product.producer.province.name,
      onboardedBy: product.producer.onboardedBy?.name ?? null,
      claimedAt: product.producer.claimedAt?.toISOString() ?? null,
    },
    photos: product.photos,
    certificates: product.certificates.map((c) => ({
      id: c.id,
      kind: c.kind,
      number: c.number,
      issuer: c.issuer,
      ocopStars: c.ocopStars,
      issuedOn: c.issuedOn.toISOString().slice(0, 10),
      expiresOn: c.expiresOn?.toISOString().slice(0, 10) ?? null,
      revokedReason: c.revokedReason,
      hasDocument: Boolean(c.documentKey),
      ...certificateStatus(c, now),
    })),
    batches: product.batches.map((b) => ({
      id: b.id,
      lotNumber: b.lotNumber,
      growingAreaCode: b.growingAreaCode,
      harvestedOn: b.harvestedOn?.toISOString().slice(0, 10) ?? null,
    })),
    diary: diary
      ? {
          lotNumber: latestBatch!.lotNumber,
          chainOk: diary.verification.ok,
          events: diary.rows.map((e) => ({
            seq: e.seq,
            kind: e.kind,
            occurredAt: e.occurredAt.toISOString(),
            place: e.place,
            quantity: e.quantity,
            uom: e.uom,
            chemical: e.chemical,
            phiDays: e.phiDays,
            note: e.note,
            correctsSeq: e.correctsSeq,
          })),
        }
      : null,
    changes,
    firstReview: !lastDecision,
    problems,
    history: product.reviews
      .filter((r) => r.decision !== "CLAIMED" && r.decision !== "RELEASED")
      .map((r) => ({
        id: r.id,
        decision: r.decision,
        reasons: r.reasons as Record<string, string>,
        at: r.createdAt.toISOString(),
        reviewer: r.reviewerId ? (reviewerNames.get(r.reviewerId) ?? "—") : null,
      })),
    checklist: await activeChecklist(),
    actions,
    conflict,
  };
}

/** The scan of a certificate of a product in the official's province, ready to stream, or 404. */
export async function reviewCertificateDocument(
  official: Official,
  productId: string | undefined,
  certificateId: string | undefined,
) {
  const product = await requireProvinceProduct(official, productId);
  if (!certificateId || !UUID.test(certificateId)) throw notFound();
  const certificate = await prisma.certificate.findFirst({
    where: {
      id: certificateId,
      producerId: product.producerId,
      OR: [{ productId: product.id }, { productId: null }],
    },
    select: { kind: true, number: true, documentKey: true, documentMime: true },
  });
  if (!certificate?.documentKey || !certificate.documentMime) throw notFound();
  const file = await openDocument(certificate.documentKey);
  if (!file) throw notFound();
  return { ...file, mime: certificate.documentMime, kind: certificate.kind, number: certificate.number };
}
