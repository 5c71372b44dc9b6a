import { beforeAll, describe, expect, test } from "vitest";
import { createProducer, createProduct, createUser } from "../../prisma/seed/factories";
import { callAction, callLoader, cookiesFrom, formRequest, getRequest } from "../support/routes";

const { prisma } = await import("~/utils/db.server");
const { applyTransition, ReviewForbidden } = await import("~/modules/reviews/transitions.server");
const { ACTORS, nextStatus, PRODUCT_STATUSES, REVIEW_ACTIONS, TransitionRefused } =
  await import("~/modules/reviews/state-machine");
const login = await import("~/routes/auth/login");
const reviewRoute = await import("~/routes/reviews/review");
const queueRoute = await import("~/routes/reviews/queue");

const PASSWORD = "mat-khau-that-dai-2026";
const signIn = async (email: string) =>
  cookiesFrom(
    (await callAction(login.action, formRequest("/login", { identifier: email, password: PASSWORD })))
      .headers,
  );

let producerId: string;
const users: Record<string, { id: string; role: string; provinceCode?: string | null }> = {};
let official2: { id: string };
let otherProvinceOfficial: { id: string };

beforeAll(async () => {
  await prisma.province.createMany({
    data: [
      { code: "68", name: "Lâm Đồng", type: "tỉnh" },
      { code: "04", name: "Cao Bằng", type: "tỉnh" },
    ],
  });
  await prisma.commune.create({ data: { code: "24670", name: "Đắk Mil", type: "xã", provinceCode: "68" } });
  const make = (
    role: "PRODUCER" | "HELPER" | "OFFICIAL" | "OPERATOR" | "BUYER" | "ADMIN",
    email: string,
    provinceCode?: string,
  ) => createUser(prisma, { role, email, password: PASSWORD, name: email.split("@")[0]!, provinceCode });
  const [producer, helper, official, operator, buyer, admin] = await Promise.all([
    make("PRODUCER", "producer@t.vn"),
    make("HELPER", "helper@t.vn"),
    make("OFFICIAL", "official@t.vn", "68"),
    make("OPERATOR", "operator@t.vn"),
    make("BUYER", "buyer@t.vn"),
    make("ADMIN", "admin@t.vn"),
  ]);
  official2 = await make("OFFICIAL", "official2@t.vn", "68");
  otherProvinceOfficial = await make("OFFICIAL", "official-cb@t.vn", "04");
  Object.assign(users, {
    PRODUCER: producer,
    HELPER: helper,
    OFFICIAL: official,
    OPERATOR: operator,
    BUYER: buyer,
    ADMIN: admin,
  });
  users.SYSTEM = { id: null as unknown as string, role: "SYSTEM" };
  const p = await createProducer(prisma, {
    kind: "COOPERATIVE",
    name: "HTX Cà phê",
    provinceCode: "68",
    communeCode: "24670",
  });
  producerId = p.id;
  await prisma.producerMember.create({ data: { producerId, userId: producer.id, isOwner: true } });
  await prisma.consent.create({
    data: {
      producerId,
      helperId: helper.id,
      grantedByName: "Chủ HTX",
      method: "PAPER_SIGNED",
      scope: ["PRODUCTS"],
    },
  });
});

const newProduct = (status: "DRAFT" | "SUBMITTED" = "SUBMITTED") =>
  createProduct(prisma, { producerId, name: "Cà phê rang mộc", status, description: "Rang mộc" });

describe("every (state, action, actor) pair on the server", () => {
  test("the database moves exactly when the state machine allows it, and never otherwise", async () => {
    const product = await newProduct();
    let allowed = 0;
    let refused = 0;
    let dirty = true;
    for (const from of PRODUCT_STATUSES) {
      for (const listed of [false, true]) {
        dirty = true;
        for (const action of REVIEW_ACTIONS) {
          for (const actorRole of ACTORS) {
            const actor = users[actorRole]!;
            // A dossier in review is held by the acting official (another's hold is tested below).
            // The row is reset only after a move: a refused attempt must leave it as it was.
            if (dirty)
              await prisma.product.update({
                where: { id: product.id },
                data: {
                  status: from,
                  listedAt: listed ? new Date() : null,
                  reviewerId: from === "IN_REVIEW" ? users.OFFICIAL!.id : null,
                },
              });
            dirty = false;
            const expected = nextStatus(from, action, actorRole, { listed });
            const attempt = applyTransition({
              productId: product.id,
              action,
              actor: { id: actor.id ?? null, role: actorRole, provinceCode: actor.provinceCode },
              reasons: { _general: "Ảnh chưa rõ" },
            });
            if (expected) {
              await expect(attempt, `${from} ${action} by ${actorRole}`).resolves.toEqual({
                from,
                to: expected,
              });
              dirty = true;
              allowed++;
            } else {
              await expect(attempt, `${from} ${action} by ${actorRole}`).rejects.toBeInstanceOf(
                TransitionRefused,
              );
              const row = await prisma.product.findUniqueOrThrow({
                where: { id: product.id },
                select: { status: true, listedAt: true },
              });
              expect(row.status).toBe(from);
              expect(row.listedAt !== null).toBe(listed);
              refused++;
            }
          }
        }
      }
    }
    expect(allowed).toBeGreaterThan(40);
    expect(refused).toBeGreaterThan(1000);
  }, 120_000);
});

describe("segregation of duties", () => {
  test("an official of another province is refused", async () => {
    const product = await newProduct();
    await expect(
      applyTransition({
        productId: product.id,
        action: "claim",
        actor: { id: otherProvinceOfficial.id, role: "OFFICIAL", provinceCode: "04" },
      }),
    ).rejects.toMatchObject({ reason: "province" });
  });

  test("an official linked to the producer (member, helper under consent, submitter) cannot review it", async () => {
    const linked = await createUser(prisma, {
      role: "OFFICIAL",
      email: "linked@t.vn",
      password: PASSWORD,
      provinceCode: "68",
    });
    const product = await newProduct();
    const claim = () =>
      applyTransition({
        productId: product.id,
        action: "claim",
        actor: { id: linked.id, role: "OFFICIAL", provinceCode: "68" },
      });
    await prisma.producerMember.create({ data: { producerId, userId: linked.id } });
    await expect(claim()).rejects.toBeInstanceOf(ReviewForbidden);
    await prisma.producerMember.delete({ where: { producerId_userId: { producerId, userId: linked.id } } });
    await prisma.consent.create({
      data: {
        producerId,
        helperId: linked.id,
        grantedByName: "x",
        method: "ON_DEVICE",
        scope: [],
        revokedAt: new Date(),
      },
    });
    // Even a revoked consent counts: the official once acted for this producer.
    await expect(claim()).rejects.toMatchObject({ reason: "ownProduct" });
    await prisma.consent.deleteMany({ where: { helperId: linked.id } });
    await prisma.changeRecord.create({
      data: { producerId, actorId: linked.id, entity: "Product", entityId: product.id, action: "submitted" },
    });
    await expect(claim()).rejects.toMatchObject({ reason: "ownProduct" });
    expect((await prisma.product.findUniqueOrThrow({ where: { id: product.id } })).status).toBe("SUBMITTED");
  });

  test("two officials claiming the same dossier at once: exactly one holds it", async () => {
    const product = await newProduct();
    const results = await Promise.allSettled(
      [users.OFFICIAL!.id, official2.id].map((id) =>
        applyTransition({
          productId: product.id,
          action: "claim",
          actor: { id, role: "OFFICIAL", provinceCode: "68" },
        }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const row = await prisma.product.findUniqueOrThrow({ where: { id: product.id } });
    expect(row.status).toBe("IN_REVIEW");
    expect([users.OFFICIAL!.id, official2.id]).toContain(row.reviewerId);
    const holder = row.reviewerId!;
    const other = holder === official2.id ? users.OFFICIAL!.id : official2.id;
    // The one who does not hold it cannot decide on it either.
    await expect(
      applyTransition({
        productId: product.id,
        action: "approve",
        actor: { id: other, role: "OFFICIAL", provinceCode: "68" },
      }),
    ).rejects.toMatchObject({ reason: "notClaimed" });
  });

  test("reject and request changes need a written reason", async () => {
    const product = await newProduct();
    const actor = { id: users.OFFICIAL!.id, role: "OFFICIAL" as const, provinceCode: "68" };
    await applyTransition({ productId: product.id, action: "claim", actor });
    for (const action of ["reject", "requestChanges"] as const)
      await expect(
        applyTransition({ productId: product.id, action, actor, reasons: { _general: "  " } }),
      ).rejects.toMatchObject({
        reason: "reasonsRequired",
      });
  });
});

describe("decisions", () => {
  test("approving publishes a pending revision, records the review, the audit entry and tells the producer", async () => {
    const product = await newProduct();
    const actor = { id: users.OFFICIAL!.id, role: "OFFICIAL" as const, provinceCode: "68" };
    await prisma.product.update({
      where: { id: product.id },
      data: {
        status: "SUBMITTED",
        listedAt: new Date("2026-01-01"),
        revision: { description: "Rang mộc, hạt chín 95%" },
      },
    });
    await applyTransition({ productId: product.id, action: "claim", actor });
    await applyTransition({
      productId: product.id,
      action: "approve",
      actor,
      checklist: { a: true },
      origin: { ip: "203.0.113.9", requestId: "req-1" },
    });
    const row = await prisma.product.findUniqueOrThrow({ where: { id: product.id } });
    expect(row).toMatchObject({
      status: "APPROVED",
      description: "Rang mộc, hạt chín 95%",
      revision: null,
      reviewerId: null,
    });
    expect(row.listedAt!.getTime()).toBeGreaterThan(new Date("2026-01-01").getTime());
    const review = await prisma.productReview.findFirstOrThrow({
      where: { productId: product.id, decision: "APPROVED" },
    });
    expect(review.snapshot).toMatchObject({ description: "Rang mộc, hạt chín 95%" });
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { targetId: product.id, action: "product.approve" },
    });
    expect(audit).toMatchObject({
      actorId: actor.id,
      actorRole: "OFFICIAL",
      provinceCode: "68",
      ip: "203.0.113.9",
      requestId: "req-1",
    });
    expect(audit.beforeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(audit.afterHash).not.toBe(audit.beforeHash);
    const notices = await prisma.notification.findMany({
      where: { kind: "productApproved", link: { contains: product.id } },
    });
    expect(notices.map((n) => n.userId).sort()).toEqual([users.PRODUCER!.id, users.HELPER!.id].sort());
  });

  test("suspending a listed product hides it; withdrawing folds a pending revision back into the row", async () => {
    const product = await newProduct();
    await prisma.product.update({
      where: { id: product.id },
      data: { status: "APPROVED", listedAt: new Date() },
    });
    const official = { id: users.OFFICIAL!.id, role: "OFFICIAL" as const, provinceCode: "68" };
    await applyTransition({
      productId: product.id,
      action: "suspend",
      actor: official,
      reasons: { _general: "Kiểm tra lại" },
    });
    expect(await prisma.product.findUniqueOrThrow({ where: { id: product.id } })).toMatchObject({
      status: "SUSPENDED",
      listedAt: null,
      suspensionCause: "OFFICIAL",
    });
    await applyTransition({ productId: product.id, action: "reinstate", actor: official });
    const back = await prisma.product.findUniqueOrThrow({ where: { id: product.id } });
    expect(back.status).toBe("APPROVED");
    expect(back.listedAt).not.toBeNull();
    expect(back.suspensionCause).toBeNull();

    await prisma.product.update({
      where: { id: product.id },
      data: { status: "SUBMITTED", revision: { name: "Tên mới" } },
    });
    await applyTransition({
      productId: product.id,
      action: "withdraw",
      actor: { id: users.PRODUCER!.id, role: "PRODUCER" },
    });
    expect(await prisma.product.findUniqueOrThrow({ where: { id: product.id } })).toMatchObject({
      status: "WITHDRAWN",
      name: "Tên mới",
      revision: null,
      listedAt: null,
    });
  });
});

describe("the review pages", () => {
  test("an official sees the province's queue oldest first; a crafted approval without a claim changes nothing", async () => {
    const cookie = await signIn("official2@t.vn");
    const older = await newProduct();
    await prisma.product.update({ where: { id: older.id }, data: { submittedAt: new Date("2025-01-01") } });
    const queue = await callLoader(
      queueRoute.loader,
      getRequest("/review?view=waiting&minDays=banana", cookie),
    );
    expect(queue.status).toBe(200);
    const items = (queue.data as { queue: { items: { id: string }[] } }).queue.items;
    expect(items[0]!.id).toBe(older.id);

    const crafted = await callAction(
      reviewRoute.action,
      formRequest(`/review/${older.id}`, { intent: "approve", status: "APPROVED" }, cookie),
      { productId: older.id },
    );
    expect(crafted.status).toBe(409);
    expect((await prisma.product.findUniqueOrThrow({ where: { id: older.id } })).status).toBe("SUBMITTED");

    const bogus = await callAction(
      reviewRoute.action,
      formRequest(`/review/${older.id}`, { intent: "publish" }, cookie),
      {
        productId: older.id,
      },
    );
    expect(bogus.status).toBe(400);
  });

  test("approval needs every checklist item; request changes keeps what the official typed when refused", async () => {
    const cookie = await signIn("official2@t.vn");
    const product = await newProduct();
    const url = `/review/${product.id}`;
    const post = (fields: Record<string, string>) =>
      callAction(reviewRoute.action, formRequest(url, fields, cookie), { productId: product.id });
    expect((await post({ intent: "claim" })).status).toBe(302);
    const refused = await post({ intent: "approve" });
    expect(refused.status).toBe(422);
    const noReason = await post({ intent: "requestChanges", "reason.name": "Tên cần ghi rõ khối lượng" });
    expect(noReason.status).toBe(422);
    expect(noReason.data).toMatchObject({ reasons: { name: "Tên cần ghi rõ khối lượng" } });
    const sent = await post({
      intent: "requestChanges",
      "reason._general": "Bổ sung ảnh bao bì",
      "reason.name": "Tên cần ghi rõ khối lượng",
      "reason.evil": "ignored",
    });
    expect(sent.status).toBe(302);
    const review = await prisma.productReview.findFirstOrThrow({
      where: { productId: product.id, decision: "CHANGES_REQUESTED" },
    });
    expect(review.reasons).toEqual({ _general: "Bổ sung ảnh bao bì", name: "Tên cần ghi rõ khối lượng" });
  });

  test("a dossier of another province is a 404 for an official; other roles get 403", async () => {
    const product = await newProduct();
    const cb = await signIn("official-cb@t.vn");
    expect(
      (
        await callLoader(reviewRoute.loader, getRequest(`/review/${product.id}`, cb), {
          productId: product.id,
        })
      ).status,
    ).toBe(404);
    const producer = await signIn("producer@t.vn");
    expect(
      (
        await callLoader(reviewRoute.loader, getRequest(`/review/${product.id}`, producer), {
          productId: product.id,
        })
      ).status,
    ).toBe(403);
  });
});
