import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { createUser } from "../../prisma/seed/factories";
import { callAction, callLoader, cookiesFrom, formRequest, getRequest } from "../support/routes";

const outbox = mkdtempSync(path.join(tmpdir(), "ocop-notices-"));
process.env.MAIL_OUTBOX_DIR = outbox;
delete process.env.SMTP_URL;

const { prisma } = await import("~/utils/db.server");
const { deliverPendingEmails, noticeText, notify, NOTIFICATION_KINDS, unreadCount } =
  await import("~/modules/notifications/notifications.server");
const { listInbox, markAllRead, openNotice, internalLink } =
  await import("~/modules/notifications/inbox.server");
const login = await import("~/routes/auth/login");
const inbox = await import("~/routes/notifications/index");
const root = await import("~/root");

const PASSWORD = "thong-bao-den-roi-2026";
const signIn = async (identifier: string) =>
  cookiesFrom(
    (await callAction(login.action, formRequest("/login", { identifier, password: PASSWORD }))).headers,
  );
type Page = {
  items: { id: string; title: string; body: string; read: boolean; hasLink: boolean }[];
  nextCursor: string | null;
  unread: number;
};

let lan: { id: string };
let mike: { id: string };
let noMail: { id: string };
let lanCookie: string;
let mikeCookie: string;

beforeAll(async () => {
  lan = await createUser(prisma, {
    role: "PRODUCER",
    email: "lan@htx.vn",
    password: PASSWORD,
    name: "Lan",
    locale: "vi",
  });
  mike = await createUser(prisma, {
    role: "BUYER",
    email: "mike@example.com",
    password: PASSWORD,
    name: "Mike",
    locale: "en",
  });
  noMail = await createUser(prisma, {
    role: "PRODUCER",
    email: null,
    phone: "0988000222",
    password: PASSWORD,
  });
  lanCookie = await signIn("lan@htx.vn");
  mikeCookie = await signIn("mike@example.com");
});

const SAMPLE = {
  product: "Trà Shan tuyết",
  reason: "Ảnh nhãn bị mờ",
  cause: "CERTIFICATE_EXPIRED",
  number: "123/QĐ-UBND",
  kind: "OCOP",
  days: 7,
  date: "2026-12-31",
};

describe("notice texts", () => {
  test("every kind reads in both languages, with no placeholder or key left", () => {
    for (const locale of ["vi", "en"] as const) {
      for (const kind of NOTIFICATION_KINDS) {
        for (const params of [SAMPLE, { product: "Trà Shan tuyết" }, {}]) {
          const { title, body } = noticeText(locale, kind, params);
          for (const text of [title, body]) {
            expect(text, `${locale} ${kind}`).not.toContain("{{");
            expect(text).not.toContain("notifications.");
            expect(text).not.toMatch(/ {2}| \./);
          }
          expect(title.length).toBeGreaterThan(5);
          expect(body.length).toBeGreaterThan(10);
        }
      }
    }
  });

  test("causes, certificate kinds, reasons, dates and plurals are put into words", () => {
    expect(noticeText("vi", "productSuspended", SAMPLE).body).toBe(
      "Sản phẩm “Trà Shan tuyết” đã tạm ngừng hiển thị trên Cổng OCOP vì giấy chứng nhận đã hết hạn. Lý do: Ảnh nhãn bị mờ.",
    );
    expect(noticeText("en", "productSuspended", { product: "Tea", cause: "OFFICIAL", reason: "" }).body).toBe(
      "The product “Tea” is no longer listed on the OCOP portal by decision of the provincial Department of Industry and Trade.",
    );
    expect(noticeText("vi", "certificateExpiring", SAMPLE).body).toContain(
      "Chứng nhận OCOP số 123/QĐ-UBND của sản phẩm “Trà Shan tuyết” hết hạn ngày 31/12/2026 (còn 7 ngày).",
    );
    expect(noticeText("en", "certificateExpiring", { ...SAMPLE, kind: "VIETGAP", days: 1 }).body).toContain(
      "The VietGAP certificate no. 123/QĐ-UBND for the product “Trà Shan tuyết” expires on 31/12/2026 (1 day left).",
    );
    expect(noticeText("en", "certificateExpiring", { ...SAMPLE, product: "" }).body).toContain(
      "The OCOP certificate no. 123/QĐ-UBND expires on 31/12/2026 (7 days left).",
    );
    expect(
      noticeText("en", "productChangesRequested", { product: "Tea", reason: "Blurry label!" }).body,
    ).toBe(
      "The Department of Industry and Trade asks for changes to the dossier of the product “Tea”. Reason: Blurry label! Read the comments next to each field, make the changes and submit it again.",
    );
    expect(noticeText("vi", "productRejected", { product: "Mật ong" }).body).toBe(
      "Rất tiếc, Sở Công Thương không duyệt hồ sơ sản phẩm “Mật ong”.",
    );
    expect(noticeText("vi", "noSuchKind", {})).toEqual({ title: "noSuchKind", body: "" });
  });
});

describe("the inbox", () => {
  test("each user sees and opens only their own notices", async () => {
    await notify([lan.id], {
      kind: "productApproved",
      params: { product: "Trà" },
      link: "/producer/x/products/y",
    });
    await notify([mike.id], {
      kind: "productRejected",
      params: { product: "Mật ong", reason: "Thiếu giấy" },
    });
    const lanPage = (await callLoader(inbox.loader, getRequest("/notifications", lanCookie))).data as Page;
    expect(lanPage.items.map((i) => i.title)).toEqual(["Sản phẩm đã được duyệt: Trà"]);
    expect(lanPage).toMatchObject({ unread: 1, nextCursor: null });
    const mikePage = (await callLoader(inbox.loader, getRequest("/notifications", mikeCookie))).data as Page;
    expect(mikePage.items.map((i) => i.title)).toEqual(["Dossier not approved: Mật ong"]);

    // Mike posts Lan's notice id: not found, and Lan's notice stays unread.
    const lanNotice = lanPage.items[0]!;
    const stolen = await callAction(
      inbox.action,
      formRequest("/notifications", { intent: "open", id: lanNotice.id }, mikeCookie),
    );
    expect(stolen.status).toBe(404);
    expect(JSON.stringify(stolen.data)).toContain("This notification was not found.");
    expect(await unreadCount(lan.id)).toBe(1);
    expect(await openNotice(mike.id, lanNotice.id)).toBeNull();

    const opened = await callAction(
      inbox.action,
      formRequest("/notifications", { intent: "open", id: lanNotice.id }, lanCookie),
    );
    expect(opened.status).toBe(302);
    expect(opened.headers.get("Location")).toBe("/producer/x/products/y");
    expect(await unreadCount(lan.id)).toBe(0);
    expect(await unreadCount(mike.id)).toBe(1);
  });

  test("mark all read touches only the user's own notices", async () => {
    await notify([lan.id, mike.id], {
      kind: "productAssigned",
      params: { product: "Cà phê" },
      link: "/review/1",
    });
    await notify([lan.id], { kind: "productReinstated", params: { product: "Cà phê" } });
    expect(await unreadCount(lan.id)).toBe(2);
    const res = await callAction(
      inbox.action,
      formRequest("/notifications", { intent: "readAll" }, lanCookie),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/notifications");
    expect(await unreadCount(lan.id)).toBe(0);
    expect(await unreadCount(mike.id)).toBe(2);
    expect(await markAllRead(mike.id)).toBe(2);
  });

  test("opening follows only internal links", async () => {
    expect(internalLink("/review/abc?x=1")).toBe("/review/abc?x=1");
    for (const link of [
      "//evil.example/x",
      "/\\evil.example",
      "https://evil.example",
      "javascript:alert(1)",
      "review/x",
      "",
    ]) {
      expect(internalLink(link), link).toBeNull();
      const [notice] = await prisma.notification.createManyAndReturn({
        data: [{ userId: lan.id, kind: "productApproved", params: { product: "Trà" }, link }],
      });
      const res = await callAction(
        inbox.action,
        formRequest("/notifications", { intent: "open", id: notice!.id }, lanCookie),
      );
      expect(res.status).toBe(302);
      expect(res.headers.get("Location")).toBe("/notifications");
      expect(
        (await prisma.notification.findUniqueOrThrow({ where: { id: notice!.id } })).readAt,
      ).not.toBeNull();
    }
  });

  test("pages newest first; bad input is a 400 in the user's language; strangers go to the login", async () => {
    for (let i = 0; i < 23; i++) {
      await notify([noMail.id], { kind: "productSubmitted", params: { product: `Sản phẩm ${i}` } });
    }
    const first = await listInbox(noMail.id, "vi");
    expect(first.items).toHaveLength(20);
    expect(first.nextCursor).not.toBeNull();
    const url = `/notifications?cursor=${first.nextCursor}`;
    const cookie = await signIn("0988000222");
    const second = (await callLoader(inbox.loader, getRequest(url, cookie))).data as Page;
    expect(second.items).toHaveLength(3);
    const ids = [...first.items, ...second.items].map((i) => i.id);
    expect(new Set(ids).size).toBe(23);
    expect(first.items[0]!.title).toBe("Hồ sơ mới chờ duyệt: Sản phẩm 22");

    const badCursor = await callLoader(inbox.loader, getRequest("/notifications?cursor=xyz", cookie));
    expect(badCursor.status).toBe(400);
    expect(JSON.stringify(badCursor.data)).toContain("Liên kết trang không hợp lệ");
    const bad: Record<string, string>[] = [{}, { intent: "open", id: "not-a-uuid" }, { intent: "delete" }];
    for (const fields of bad) {
      expect((await callAction(inbox.action, formRequest("/notifications", fields, cookie))).status).toBe(
        400,
      );
    }
    const anonymous = await callLoader(inbox.loader, getRequest("/notifications"));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe("/login?redirectTo=%2Fnotifications");
    expect(
      (await callAction(inbox.action, formRequest("/notifications", { intent: "readAll" }))).status,
    ).toBe(302);
  });

  test("the header's badge counts the signed-in user's unread notices", async () => {
    await markAllRead(lan.id);
    await notify([lan.id], { kind: "productApproved", params: { product: "Trà" } });
    const res = await callLoader(root.loader, getRequest("/", lanCookie));
    expect(res.data).toMatchObject({ user: { name: "Lan", unread: 1 } });
    const anonymous = await callLoader(root.loader, getRequest("/"));
    expect(anonymous.data).toMatchObject({ user: null });
  });
});

describe("mail", () => {
  test("one mail per pending notice, in the recipient's language, never twice even when run concurrently", async () => {
    // Everything so far was for users with an email; the phone-only user's notices are never pending.
    expect(await prisma.notification.count({ where: { userId: noMail.id, emailPending: true } })).toBe(0);
    const pending = await prisma.notification.count({ where: { emailPending: true } });
    expect(pending).toBeGreaterThan(0);
    await notify([lan.id, mike.id], {
      kind: "certificateExpiring",
      params: { ...SAMPLE, days: 30 },
      link: "/producer/p/products/q/certificates",
    });

    const results = await Promise.all([
      deliverPendingEmails(),
      deliverPendingEmails(),
      deliverPendingEmails(),
    ]);
    const sent = results.reduce((n, r) => n + r.sent, 0);
    expect(sent).toBe(pending + 2);
    expect(results.every((r) => r.failed === 0)).toBe(true);
    expect(await deliverPendingEmails()).toEqual({ sent: 0, failed: 0 });

    const mails = readdirSync(outbox).map(
      (f) =>
        JSON.parse(readFileSync(path.join(outbox, f), "utf8")) as {
          to: string;
          subject: string;
          text: string;
        },
    );
    expect(mails).toHaveLength(pending + 2);
    expect(mails.map((m) => m.to).filter((to) => !["lan@htx.vn", "mike@example.com"].includes(to))).toEqual(
      [],
    );
    const lanMail = mails.find(
      (m) => m.to === "lan@htx.vn" && m.subject.startsWith("Chứng nhận sắp hết hạn"),
    );
    expect(lanMail?.text).toContain("(còn 30 ngày)");
    expect(lanMail?.text).toContain("/producer/p/products/q/certificates");
    const mikeMail = mails.find(
      (m) => m.to === "mike@example.com" && m.subject.startsWith("Certificate expiring"),
    );
    expect(mikeMail?.text).toContain("(30 days left)");
    expect(mails.every((m) => !m.subject.includes("{{") && !m.text.includes("{{"))).toBe(true);
    expect(await prisma.notification.count({ where: { emailPending: true } })).toBe(0);
  });
});
