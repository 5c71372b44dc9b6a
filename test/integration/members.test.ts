import { beforeAll, describe, expect, test } from "vitest";
import { createProducer, createUser } from "../../prisma/seed/factories";
import { callAction, callLoader, cookiesFrom, formRequest, getRequest } from "../support/routes";

const { prisma } = await import("~/utils/db.server");
const login = await import("~/routes/auth/login");
const members = await import("~/routes/producer/members");
const layout = await import("~/routes/producer/layout");

const PASSWORD = "mat-khau-that-dai-2026";
const signIn = async (email: string) =>
  cookiesFrom(
    (await callAction(login.action, formRequest("/login", { identifier: email, password: PASSWORD })))
      .headers,
  );

let producerId: string;
let owner: string;
let staffUserId: string;

beforeAll(async () => {
  await prisma.province.create({ data: { code: "04", name: "Cao Bằng", type: "tỉnh" } });
  await prisma.commune.create({
    data: { code: "01477", name: "Trùng Khánh", type: "xã", provinceCode: "04" },
  });
  const ownerUser = await createUser(prisma, {
    role: "PRODUCER",
    email: "chu@htx.vn",
    password: PASSWORD,
    name: "Nông Văn Chủ",
  });
  const staff = await createUser(prisma, {
    role: "PRODUCER",
    phone: "0977000111",
    email: "nv@htx.vn",
    password: PASSWORD,
    name: "Bế Thị Nhân",
  });
  await createUser(prisma, { role: "BUYER", email: "mua@htx.vn", password: PASSWORD });
  staffUserId = staff.id;
  const producer = await createProducer(prisma, {
    kind: "COOPERATIVE",
    name: "HTX Trà Trùng Khánh",
    provinceCode: "04",
    communeCode: "01477",
  });
  producerId = producer.id;
  await prisma.producerMember.create({ data: { producerId, userId: ownerUser.id, isOwner: true } });
  owner = await signIn("chu@htx.vn");
});

describe("members of a producer", () => {
  test("an owner adds an existing producer account as staff; it can then work for the business", async () => {
    const url = `/producer/${producerId}/members`;
    const buyer = await callAction(
      members.action,
      formRequest(url, { intent: "add", identifier: "mua@htx.vn" }, owner),
      { producerId },
    );
    expect(buyer.status).toBe(409);
    expect(JSON.stringify(buyer.data)).toContain("không phải tài khoản “Chủ thể sản xuất”");
    const nobody = await callAction(
      members.action,
      formRequest(url, { intent: "add", identifier: "0911999999" }, owner),
      { producerId },
    );
    expect(nobody.status).toBe(404);

    const added = await callAction(
      members.action,
      formRequest(url, { intent: "add", identifier: "0977 000 111" }, owner),
      { producerId },
    );
    expect(added.status).toBe(302);
    const staff = await signIn("nv@htx.vn");
    expect(
      (await callLoader(layout.loader, getRequest(`/producer/${producerId}`, staff), { producerId })).status,
    ).toBe(200);

    // Staff see the list, masked, but cannot manage it.
    const page = await callLoader(members.loader, getRequest(url, staff), { producerId });
    expect(page.data).toMatchObject({ canManage: false });
    expect(JSON.stringify(page.data)).toContain("097****111");
    expect(JSON.stringify(page.data)).not.toContain("0977000111");
    const refused = await callAction(
      members.action,
      formRequest(url, { intent: "remove", userId: staffUserId }, staff),
      { producerId },
    );
    expect(refused.status).toBe(403);

    const removed = await callAction(
      members.action,
      formRequest(url, { intent: "remove", userId: staffUserId }, owner),
      { producerId },
    );
    expect(removed.status).toBe(302);
    expect(
      (await callLoader(layout.loader, getRequest(`/producer/${producerId}`, staff), { producerId })).status,
    ).toBe(403);
    const changes = await prisma.changeRecord.findMany({
      where: { producerId, entity: "ProducerMember" },
      orderBy: { createdAt: "asc" },
    });
    expect(changes.map((c) => c.action)).toEqual(["added", "removed"]);
  });

  test("the last owner cannot be removed", async () => {
    const ownerRow = await prisma.producerMember.findFirstOrThrow({ where: { producerId, isOwner: true } });
    const res = await callAction(
      members.action,
      formRequest(`/producer/${producerId}/members`, { intent: "remove", userId: ownerRow.userId }, owner),
      { producerId },
    );
    expect(res.status).toBe(409);
    expect(await prisma.producerMember.count({ where: { producerId, isOwner: true } })).toBe(1);
  });
});
