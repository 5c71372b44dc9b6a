import { beforeAll, describe, expect, test } from "vitest";
import { createUser } from "../../prisma/seed/factories";
import { callAction, callLoader, cookiesFrom, formRequest, getRequest, testContext } from "../support/routes";

const { prisma } = await import("~/utils/db.server");
const { contentHash, recordAudit, SYSTEM_ACTOR } = await import("~/modules/audit/audit.server");
const { AuditScopeError, listAudit, parseAuditFilters, iterateAudit, decodeAuditCursor } =
  await import("~/modules/audit/audit-query.server");
const { auditCsvStream } = await import("~/modules/audit/audit-export.server");
const { csvCell, csvRow } = await import("~/modules/audit/csv");
const login = await import("~/routes/auth/login");
const admin = await import("~/routes/workspaces/admin");
const auditPage = await import("~/routes/audit/index");
const auditExport = await import("~/routes/audit/export");

const PASSWORD = "so-cong-thuong-2026";
const signIn = async (identifier: string) =>
  cookiesFrom(
    (await callAction(login.action, formRequest("/login", { identifier, password: PASSWORD }))).headers,
  );
const filters = (query: Record<string, string> = {}) => {
  const parsed = parseAuditFilters(new URLSearchParams(query));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.filters;
};

let adminUser: { id: string };
let officialLd: { id: string };
let officialCb: { id: string };
let adminCookie: string;
let officialCookie: string;

beforeAll(async () => {
  await prisma.province.createMany({
    data: [
      { code: "68", name: "Lâm Đồng", type: "tỉnh" },
      { code: "04", name: "Cao Bằng", type: "tỉnh" },
    ],
  });
  adminUser = await createUser(prisma, {
    role: "ADMIN",
    email: "qt@so.vn",
    password: PASSWORD,
    name: "Quản Trị",
  });
  officialLd = await createUser(prisma, {
    role: "OFFICIAL",
    email: "cb.ld@so.vn",
    password: PASSWORD,
    provinceCode: "68",
    name: "Cán Bộ Lâm Đồng",
  });
  officialCb = await createUser(prisma, {
    role: "OFFICIAL",
    email: "cb.cb@so.vn",
    password: PASSWORD,
    provinceCode: "04",
    name: "Cán Bộ Cao Bằng",
  });
  adminCookie = await signIn("qt@so.vn");
  officialCookie = await signIn("cb.ld@so.vn");
});

describe("the database keeps the audit log append-only", () => {
  test("UPDATE, DELETE and TRUNCATE are refused and the row stays as it was", async () => {
    const { id } = await recordAudit({
      actor: SYSTEM_ACTOR,
      action: "test.appendOnly",
      target: { type: "Test", id: "1" },
      details: { note: "original" },
    });
    const before = await prisma.auditLog.findUniqueOrThrow({ where: { id } });
    await expect(
      prisma.$executeRawUnsafe(`UPDATE "AuditLog" SET "action" = 'test.tampered' WHERE "id" = $1::uuid`, id),
    ).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(
      prisma.$executeRawUnsafe(`DELETE FROM "AuditLog" WHERE "id" = $1::uuid`, id),
    ).rejects.toThrow(/append-only: DELETE refused/);
    await expect(prisma.$executeRawUnsafe(`TRUNCATE "AuditLog"`)).rejects.toThrow(
      /append-only: TRUNCATE refused/,
    );
    // Through the client too, and inside a transaction that would hide the change if it got through.
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.auditLog.deleteMany({ where: { id } });
      }),
    ).rejects.toThrow(/append-only/);
    await expect(prisma.auditLog.update({ where: { id }, data: { ip: "0.0.0.0" } })).rejects.toThrow(
      /append-only/,
    );
    expect(await prisma.auditLog.findUniqueOrThrow({ where: { id } })).toEqual(before);
  });
});

describe("recordAudit", () => {
  test("stores hashes of before/after, not their content; equal content gives equal hashes", async () => {
    const { id } = await recordAudit({
      actor: { id: adminUser.id, role: "ADMIN" },
      action: "test.hash",
      target: { type: "User", id: officialLd.id },
      before: { phone: "0912345678", nested: { b: 2, a: 1 }, at: new Date("2026-12-01T00:00:00Z") },
      after: { at: "2026-12-01T00:00:00.000Z", nested: { a: 1, b: 2 }, phone: "0912345678" },
      origin: { ip: "203.0.113.9", requestId: "req-hash" },
    });
    const row = await prisma.auditLog.findUniqueOrThrow({ where: { id } });
    expect(row.beforeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.afterHash).toBe(row.beforeHash);
    expect(row.beforeHash).toBe(
      contentHash({ nested: { a: 1, b: 2 }, phone: "0912345678", at: "2026-12-01T00:00:00.000Z" }),
    );
    expect(JSON.stringify(row)).not.toContain("0912345678");
    expect(row).toMatchObject({ ip: "203.0.113.9", requestId: "req-hash" });
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
  });
});

describe("reading the log", () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const rows = [
      // Vietnam is UTC+7: 2026-11-30T17:30Z is 1 Dec 00:30 there, 16:59Z still 30 Nov.
      {
        key: "ldSubmit",
        at: "2026-11-30T17:30:00Z",
        action: "product.submit",
        role: "PRODUCER",
        province: "68",
        type: "Product",
        target: "p-1",
      },
      {
        key: "ldApprove",
        at: "2026-12-02T03:00:00Z",
        action: "product.approve",
        role: "OFFICIAL",
        province: "68",
        type: "Product",
        target: "p-1",
        actor: "officialLd",
      },
      {
        key: "ldLate",
        at: "2026-11-30T16:59:00Z",
        action: "product.submit",
        role: "PRODUCER",
        province: "68",
        type: "Product",
        target: "p-2",
      },
      {
        key: "ldLogin",
        at: "2026-12-03T01:00:00Z",
        action: "auth.login",
        role: "OFFICIAL",
        province: "68",
        type: "User",
        target: "u-ld",
        actor: "officialLd",
      },
      {
        key: "cbSubmit",
        at: "2026-12-01T05:00:00Z",
        action: "product.submit",
        role: "PRODUCER",
        province: "04",
        type: "Product",
        target: "p-9",
      },
      {
        key: "cbLogin",
        at: "2026-12-01T06:00:00Z",
        action: "auth.login",
        role: "OFFICIAL",
        province: "04",
        type: "User",
        target: "u-cb",
        actor: "officialCb",
      },
      {
        key: "adminLogin",
        at: "2026-12-01T07:00:00Z",
        action: "auth.login",
        role: "ADMIN",
        province: null,
        type: "User",
        target: "u-admin",
        actor: "admin",
      },
    ] as const;
    const actors: Record<string, string> = {
      officialLd: officialLd.id,
      officialCb: officialCb.id,
      admin: adminUser.id,
    };
    for (const r of rows) {
      const created = await prisma.auditLog.create({
        data: {
          at: new Date(r.at),
          actorId: "actor" in r ? actors[r.actor] : null,
          actorRole: r.role,
          action: r.action,
          targetType: r.type,
          targetId: r.target,
          provinceCode: r.province,
          ip: "198.51.100.1",
          requestId: `req-${r.key}`,
        },
      });
      ids[r.key] = created.id;
    }
  });
  const keysOf = (rows: { id: string }[]) =>
    rows.map((r) => Object.entries(ids).find(([, id]) => id === r.id)?.[0]).filter(Boolean);
  const ld = { role: "OFFICIAL", provinceCode: "68" };
  const scope = { from: "2026-11-01", to: "2026-12-31" };

  test("an official sees only records of their province; an admin sees all or one province", async () => {
    const mine = await listAudit(ld, filters(scope));
    expect(keysOf(mine.rows)).toEqual(["ldLogin", "ldApprove", "ldSubmit", "ldLate"]);
    // Asking for another province changes nothing for an official.
    const other = await listAudit(ld, filters({ ...scope, province: "04" }));
    expect(keysOf(other.rows)).toEqual(keysOf(mine.rows));
    const all = await listAudit({ role: "ADMIN" }, filters(scope));
    expect(keysOf(all.rows)).toHaveLength(7);
    expect(keysOf((await listAudit({ role: "ADMIN" }, filters({ ...scope, province: "04" }))).rows)).toEqual([
      "cbLogin",
      "cbSubmit",
    ]);
    await expect(listAudit({ role: "OFFICIAL", provinceCode: null }, filters())).rejects.toThrow(
      AuditScopeError,
    );
    await expect(listAudit({ role: "OPERATOR" }, filters())).rejects.toThrow(AuditScopeError);
  });

  test("filters: action (exact or prefix), role, target, actor, Vietnamese calendar days", async () => {
    const admin = { role: "ADMIN" };
    const keys = async (q: Record<string, string>) =>
      keysOf((await listAudit(admin, filters({ ...scope, ...q }))).rows);
    expect(await keys({ action: "product." })).toEqual(["ldApprove", "cbSubmit", "ldSubmit", "ldLate"]);
    expect(await keys({ action: "product.*" })).toEqual(await keys({ action: "product." }));
    expect(await keys({ action: "product" })).toEqual([]);
    expect(await keys({ action: "auth.login", role: "OFFICIAL" })).toEqual(["ldLogin", "cbLogin"]);
    expect(await keys({ targetType: "Product", targetId: "p-1" })).toEqual(["ldApprove", "ldSubmit"]);
    expect(await keys({ actorId: officialLd.id })).toEqual(["ldLogin", "ldApprove"]);
    expect(await keys({ from: "2026-12-01", to: "2026-12-01" })).toEqual([
      "adminLogin",
      "cbLogin",
      "cbSubmit",
      "ldSubmit",
    ]);
    expect(await keys({ from: "2026-11-30", to: "2026-11-30" })).toEqual(["ldLate"]);
  });

  test("actor names come from the accounts; deleted accounts show as —, the system as null", async () => {
    const gone = await createUser(prisma, { role: "OFFICIAL", provinceCode: "68", name: "Đã Nghỉ" });
    await prisma.auditLog.create({
      data: {
        at: new Date("2026-10-01T00:00:00Z"),
        actorId: gone.id,
        actorRole: "OFFICIAL",
        action: "auth.login",
        targetType: "User",
        targetId: gone.id,
        provinceCode: "68",
      },
    });
    await prisma.user.delete({ where: { id: gone.id } });
    const { rows } = await listAudit(ld, filters({ from: "2026-10-01", to: "2026-12-31" }));
    const byKey = new Map(rows.map((r) => [r.requestId, r]));
    expect(byKey.get("req-ldApprove")?.actorName).toBe("Cán Bộ Lâm Đồng");
    expect(byKey.get("req-ldSubmit")?.actorName).toBeNull();
    expect(rows.find((r) => r.actorId === gone.id)?.actorName).toBe("—");
  });

  test("keyset pages: newest first, ties broken by id, nothing repeated or skipped", async () => {
    const at = new Date("2026-09-15T02:00:00Z");
    for (let i = 0; i < 5; i++) {
      await prisma.auditLog.create({
        data: {
          at,
          actorRole: "SYSTEM",
          action: "test.page",
          targetType: "Test",
          targetId: String(i),
          provinceCode: "04",
        },
      });
    }
    const q = filters({ action: "test.page" });
    const seen: string[] = [];
    let cursor = null;
    for (let pageNo = 0; pageNo < 5; pageNo++) {
      const page: Awaited<ReturnType<typeof listAudit>> = await listAudit({ role: "ADMIN" }, q, {
        cursor,
        take: 2,
      });
      seen.push(...page.rows.map((r) => r.id));
      if (!page.nextCursor) break;
      cursor = decodeAuditCursor(page.nextCursor);
    }
    const all = (await listAudit({ role: "ADMIN" }, q, { take: 100 })).rows.map((r) => r.id);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(5);
    expect([...all].sort().reverse()).toEqual(all);
    const pages = [];
    for await (const page of iterateAudit({ role: "ADMIN" }, q, 2)) pages.push(page.length);
    expect(pages).toEqual([2, 2, 1]);
  });

  test("bad filters and cursors are a 400 with Vietnamese messages, never a 500", async () => {
    expect(
      parseAuditFilters(new URLSearchParams({ from: "2026-02-30", actorId: "abc", role: "KING" })),
    ).toMatchObject({
      ok: false,
      errors: { from: "date", actorId: "actorId", role: "role" },
    });
    expect(parseAuditFilters(new URLSearchParams({ from: "2026-12-02", to: "2026-12-01" }))).toMatchObject({
      ok: false,
      errors: { to: "range" },
    });
    const page = await callLoader(auditPage.loader, getRequest("/audit?from=31/12/2026", adminCookie));
    expect(page.status).toBe(400);
    expect(page.data).toMatchObject({ errors: { from: "date" }, rows: [] });
    const cursor = await callLoader(auditPage.loader, getRequest("/audit?cursor=bm9wZQ", adminCookie));
    expect(cursor.status).toBe(400);
    const csv = await callLoader(auditExport.loader, getRequest("/audit/export?to=hôm-nay", adminCookie));
    expect(csv.status).toBe(400);
    expect(csv.data).toContain("Ngày không hợp lệ");
  });
});

describe("the audit pages", () => {
  test("only officials with a province and admins get in", async () => {
    const anonymous = await callLoader(auditPage.loader, getRequest("/audit"));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe("/login?redirectTo=%2Faudit");
    await createUser(prisma, { role: "OPERATOR", email: "vh@san.vn", password: PASSWORD });
    await createUser(prisma, { role: "OFFICIAL", email: "cb.no@so.vn", password: PASSWORD });
    for (const who of ["vh@san.vn", "cb.no@so.vn"]) {
      const cookie = await signIn(who);
      expect((await callLoader(auditPage.loader, getRequest("/audit", cookie))).status).toBe(403);
      expect((await callLoader(auditExport.loader, getRequest("/audit/export", cookie))).status).toBe(403);
    }
    const page = await callLoader(auditPage.loader, getRequest("/audit?action=product.", officialCookie));
    expect(page.status).toBe(200);
    const data = page.data as { isOfficial: boolean; rows: { targetType: string }[]; provinceName: string };
    expect(data).toMatchObject({ isOfficial: true, provinceName: "Lâm Đồng" });
    expect(data.rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(data)).not.toContain("p-9");
  });

  test("CSV: BOM, RFC 4180 quoting, formulas neutralised, every matching row, scoped", async () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell("+84912")).toBe("'+84912");
    expect(csvCell("-1")).toBe("'-1");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell("dòng 1\ndòng 2")).toBe('"dòng 1\ndòng 2"');
    expect(csvCell("Trà “Shan”")).toBe("Trà “Shan”");
    expect(csvCell(null)).toBe("");
    expect(csvRow(["a", 'b"c', 1])).toBe('a,"b""c",1\r\n');

    await prisma.auditLog.create({
      data: {
        at: new Date("2026-12-05T00:00:00Z"),
        actorRole: "SYSTEM",
        action: "test.csv",
        targetType: "Product",
        targetId: "=cmd|' /C calc'!A0",
        provinceCode: "68",
        details: { reasons: { _general: 'Ảnh "mờ", thiếu nhãn' } },
      },
    });
    for (let i = 0; i < 5; i++) {
      await prisma.auditLog.create({
        data: {
          actorRole: "SYSTEM",
          action: "test.csv",
          targetType: "Test",
          targetId: `row-${i}`,
          provinceCode: i < 3 ? "68" : "04",
        },
      });
    }
    const bytes = new Uint8Array(
      await new Response(
        auditCsvStream({ role: "ADMIN" }, filters({ action: "test.csv" }), "vi", 2),
      ).arrayBuffer(),
    );
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // Response.text() would drop the byte-order mark: decode keeping it.
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith("\uFEFFThời gian (UTC),Thời gian (giờ Việt Nam),")).toBe(true);
    const lines = text.slice(1).trimEnd().split("\r\n");
    expect(lines).toHaveLength(1 + 6);
    expect(text).toContain(`,'=cmd|' /C calc'!A0,`);
    expect(text).not.toContain(`,=cmd`);
    expect(text).toContain(`"{""reasons"":{""_general"":""Ảnh \\""mờ\\"", thiếu nhãn""}}"`);

    const res = await callLoader(
      auditExport.loader,
      getRequest("/audit/export?action=test.csv", officialCookie),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="nhat-ky-kiem-toan-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const body = res.data as string;
    // Only Lâm Đồng's: the =cmd row and rows 0–2.
    expect(body.trimEnd().split("\r\n")).toHaveLength(1 + 4);
    expect(body).not.toContain("row-3");
    // Taking the copy is itself recorded.
    const exported = await prisma.auditLog.findFirstOrThrow({
      where: { action: "audit.export", actorId: officialLd.id },
    });
    expect(exported).toMatchObject({ provinceCode: "68", details: { action: "test.csv" } });
  });
});

describe("sign-ins and role changes are recorded with IP and request id", () => {
  const context = (requestId: string) => ({ ...testContext("198.51.100.23"), requestId });

  test("an official's and an admin's sign-in; a buyer's is not", async () => {
    await createUser(prisma, { role: "BUYER", email: "mua@cho.vn", password: PASSWORD });
    for (const [email, requestId] of [
      ["cb.ld@so.vn", "req-login-official"],
      ["qt@so.vn", "req-login-admin"],
      ["mua@cho.vn", "req-login-buyer"],
    ] as const) {
      const res = await callAction(
        login.action,
        formRequest("/login", { identifier: email, password: PASSWORD }),
        {},
        context(requestId),
      );
      expect(res.status).toBe(302);
    }
    const official = await prisma.auditLog.findFirstOrThrow({ where: { requestId: "req-login-official" } });
    expect(official).toMatchObject({
      actorId: officialLd.id,
      actorRole: "OFFICIAL",
      action: "auth.login",
      targetType: "User",
      targetId: officialLd.id,
      provinceCode: "68",
      ip: "198.51.100.23",
    });
    expect(await prisma.auditLog.findFirstOrThrow({ where: { requestId: "req-login-admin" } })).toMatchObject(
      {
        actorId: adminUser.id,
        actorRole: "ADMIN",
        provinceCode: null,
      },
    );
    expect(await prisma.auditLog.count({ where: { requestId: "req-login-buyer" } })).toBe(0);
    // A failed sign-in records nothing (the rate limiter counts those).
    await callAction(
      login.action,
      formRequest("/login", { identifier: "qt@so.vn", password: "sai-mat-khau-roi" }),
      {},
      context("req-login-wrong"),
    );
    expect(await prisma.auditLog.count({ where: { requestId: "req-login-wrong" } })).toBe(0);
  });

  test("a role change: before/after hashes, role and province in details, no contact details", async () => {
    const user = await createUser(prisma, {
      role: "BUYER",
      email: "se-la-can-bo@so.vn",
      phone: "0912000111",
      password: PASSWORD,
    });
    const userCookie = await signIn("se-la-can-bo@so.vn");
    const res = await callAction(
      admin.action,
      formRequest("/admin", { userId: user.id, role: "OFFICIAL", provinceCode: "04" }, adminCookie),
      {},
      context("req-role-1"),
    );
    expect(res.status).toBe(302);
    const row = await prisma.auditLog.findFirstOrThrow({ where: { requestId: "req-role-1" } });
    expect(row).toMatchObject({
      actorId: adminUser.id,
      actorRole: "ADMIN",
      action: "user.roleChanged",
      targetType: "User",
      targetId: user.id,
      provinceCode: "04",
      ip: "198.51.100.23",
      beforeHash: contentHash({ role: "BUYER", provinceCode: null }),
      afterHash: contentHash({ role: "OFFICIAL", provinceCode: "04" }),
      details: { role: "OFFICIAL", provinceCode: "04" },
    });
    expect(JSON.stringify(row)).not.toMatch(/0912000111|se-la-can-bo/);
    // The user was signed out everywhere.
    expect((await callLoader(auditPage.loader, getRequest("/audit", userCookie))).status).toBe(302);

    // Leaving the official role is recorded under the province the official leaves.
    await callAction(
      admin.action,
      formRequest("/admin", { userId: user.id, role: "BUYER", provinceCode: "" }, adminCookie),
      {},
      context("req-role-2"),
    );
    expect(await prisma.auditLog.findFirstOrThrow({ where: { requestId: "req-role-2" } })).toMatchObject({
      provinceCode: "04",
      details: { role: "BUYER", provinceCode: null },
    });
    // Nothing changed, nothing recorded; a refused change neither.
    await callAction(
      admin.action,
      formRequest("/admin", { userId: user.id, role: "BUYER", provinceCode: "" }, adminCookie),
      {},
      context("req-role-3"),
    );
    const refused = await callAction(
      admin.action,
      formRequest("/admin", { userId: user.id, role: "OFFICIAL", provinceCode: "" }, adminCookie),
      {},
      context("req-role-4"),
    );
    expect(refused.status).toBe(422);
    expect(await prisma.auditLog.count({ where: { requestId: { in: ["req-role-3", "req-role-4"] } } })).toBe(
      0,
    );
    // Officials of Cao Bằng see the change; those of Lâm Đồng do not.
    const cb = await listAudit(
      { role: "OFFICIAL", provinceCode: "04" },
      filters({ action: "user.roleChanged" }),
    );
    expect(cb.rows.map((r) => r.requestId).sort()).toEqual(["req-role-1", "req-role-2"]);
    const ld = await listAudit(
      { role: "OFFICIAL", provinceCode: "68" },
      filters({ action: "user.roleChanged" }),
    );
    expect(ld.rows).toHaveLength(0);
    void officialCb;
  });
});
