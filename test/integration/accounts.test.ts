import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { createUser } from "../../prisma/seed/factories";
import { callAction, callLoader, cookiesFrom, formRequest, getRequest, testContext } from "../support/routes";

const outbox = mkdtempSync(path.join(tmpdir(), "ocop-outbox-"));
process.env.MAIL_OUTBOX_DIR = outbox;

const { prisma } = await import("~/utils/db.server");
const signup = await import("~/routes/auth/signup");
const login = await import("~/routes/auth/login");
const logout = await import("~/routes/auth/logout");
const forgot = await import("~/routes/auth/forgot-password");
const reset = await import("~/routes/auth/reset-password");
const account = await import("~/routes/auth/account");
const { hashToken, readSessionToken } = await import("~/utils/session.server");

const PASSWORD = "ruộng-lúa-chín-vàng-2026";
type Reply = { result: { error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> } };

beforeAll(async () => {
  await prisma.province.upsert({
    where: { code: "68" },
    create: { code: "68", name: "Lâm Đồng", type: "tỉnh" },
    update: {},
  });
});

describe("sign-up", () => {
  test("creates an account with an Argon2id hash and signs the user in", async () => {
    const res = await callAction(
      signup.action,
      formRequest("/signup", {
        name: "Nguyễn Văn Ba",
        phone: "0987 654 321",
        password: PASSWORD,
        role: "PRODUCER",
        consent: "on",
      }),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/producer");
    const user = await prisma.user.findUniqueOrThrow({ where: { phone: "0987654321" } });
    expect(user.role).toBe("PRODUCER");
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(cookiesFrom(res.headers)).toContain("__session=");
  });

  test("bad input gets Vietnamese messages, a 400, and keeps what was typed (except the password)", async () => {
    const res = await callAction(
      signup.action,
      formRequest("/signup", {
        name: "Trần Thị Hoa",
        phone: "12345",
        email: "hoa@",
        password: "ngan",
        role: "BUYER",
      }),
    );
    expect(res.status).toBe(400);
    const { result } = res.data as Reply;
    expect(result.error?.phone).toContain(
      "Số điện thoại không đúng: cần 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09.",
    );
    expect(result.error?.email).toContain("Email không đúng định dạng.");
    expect(result.error?.password).toContain("Mật khẩu cần ít nhất 10 ký tự.");
    expect(result.error?.consent).toContain("Bạn cần đồng ý để chúng tôi xử lý dữ liệu tài khoản.");
    expect(result.initialValue).toMatchObject({ name: "Trần Thị Hoa", phone: "12345", email: "hoa@" });
    expect(result.initialValue).not.toHaveProperty("password");
  });

  test("officials and admins cannot be chosen at sign-up", async () => {
    const res = await callAction(
      signup.action,
      formRequest("/signup", {
        name: "Kẻ gian",
        email: "gian@example.vn",
        password: PASSWORD,
        role: "ADMIN",
        consent: "on",
      }),
    );
    expect(res.status).toBe(400);
    expect(await prisma.user.count({ where: { email: "gian@example.vn" } })).toBe(0);
  });

  test("a common password is refused", async () => {
    const res = await callAction(
      signup.action,
      formRequest("/signup", {
        name: "Lê Văn Tư",
        email: "tu@example.vn",
        password: "1234567890",
        role: "BUYER",
        consent: "on",
      }),
    );
    expect(res.status).toBe(400);
    expect((res.data as Reply).result.error?.password).toContain(
      "Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác.",
    );
  });

  test("a duplicate phone number is a 409 with a way forward", async () => {
    await createUser(prisma, { role: "BUYER", phone: "0901111111", password: PASSWORD });
    const res = await callAction(
      signup.action,
      formRequest("/signup", {
        name: "Bản sao",
        phone: "090 111 1111",
        password: PASSWORD,
        role: "BUYER",
        consent: "on",
      }),
    );
    expect(res.status).toBe(409);
    expect(JSON.stringify(res.data)).toContain("Đã có tài khoản với số điện thoại hoặc email này.");
  });
});

describe("login and sessions", () => {
  test("wrong password is a 401 with one neutral message; right password opens a new session each time", async () => {
    await createUser(prisma, {
      role: "OFFICIAL",
      email: "canbo@soct.vn",
      password: PASSWORD,
      provinceCode: "68",
    });
    const wrong = await callAction(
      login.action,
      formRequest("/login", { identifier: "canbo@soct.vn", password: "sai-mat-khau-roi" }),
    );
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(wrong.data)).toContain("Sai số điện thoại/email hoặc mật khẩu.");
    const unknown = await callAction(
      login.action,
      formRequest("/login", { identifier: "khongco@soct.vn", password: PASSWORD }),
    );
    expect(unknown.status).toBe(401);
    expect(JSON.stringify(unknown.data)).toBe(
      JSON.stringify(wrong.data).replace("canbo@soct.vn", "khongco@soct.vn"),
    );

    const first = await callAction(
      login.action,
      formRequest("/login", { identifier: "CanBo@SoCT.vn", password: PASSWORD, redirectTo: "/review?x=1" }),
    );
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe("/review?x=1");
    const firstCookie = cookiesFrom(first.headers);
    const firstToken = (await readSessionToken(getRequest("/", firstCookie)))!;
    expect(await prisma.session.findUnique({ where: { id: hashToken(firstToken) } })).not.toBeNull();
    // The database never holds the token itself.
    expect(await prisma.session.findUnique({ where: { id: firstToken.slice(0, 64) } })).toBeNull();

    // Logging in again from the same browser replaces the session id (fixation defence).
    const second = await callAction(
      login.action,
      formRequest("/login", { identifier: "canbo@soct.vn", password: PASSWORD }, firstCookie),
    );
    const secondToken = (await readSessionToken(getRequest("/", cookiesFrom(second.headers))))!;
    expect(secondToken).not.toBe(firstToken);
    expect(await prisma.session.findUnique({ where: { id: hashToken(firstToken) } })).toBeNull();
    expect(second.headers.get("Location")).toBe("/review");
  });

  test("an open redirect in redirectTo is ignored", async () => {
    await createUser(prisma, { role: "BUYER", email: "mua@example.vn", password: PASSWORD });
    const res = await callAction(
      login.action,
      formRequest("/login", {
        identifier: "mua@example.vn",
        password: PASSWORD,
        redirectTo: "//evil.example/x",
      }),
    );
    expect(res.headers.get("Location")).toBe("/orders");
  });

  test("logout revokes the session on the server", async () => {
    await createUser(prisma, { role: "BUYER", email: "thoat@example.vn", password: PASSWORD });
    const res = await callAction(
      login.action,
      formRequest("/login", { identifier: "thoat@example.vn", password: PASSWORD }),
    );
    const cookie = cookiesFrom(res.headers);
    expect((await callLoader(account.loader, getRequest("/account", cookie))).status).toBe(200);
    await callAction(logout.action, formRequest("/logout", {}, cookie));
    const after = await callLoader(account.loader, getRequest("/account", cookie));
    expect(after.status).toBe(302);
    expect(after.headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
  });

  test("guessing one account's password is throttled with a 429", async () => {
    await createUser(prisma, { role: "BUYER", email: "doan@example.vn", password: PASSWORD });
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      const res = await callAction(
        login.action,
        formRequest("/login", { identifier: "doan@example.vn", password: `doan-sai-${i}-lan` }),
      );
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 429]);
    // Even the right password waits until the window ends.
    const right = await callAction(
      login.action,
      formRequest("/login", { identifier: "doan@example.vn", password: PASSWORD }),
    );
    expect(right.status).toBe(429);
  });
});

describe("password reset", () => {
  test("a one-time link from the outbox sets a new password, works once, and signs out everywhere", async () => {
    const user = await createUser(prisma, {
      role: "PRODUCER",
      email: "quen@example.vn",
      password: PASSWORD,
      locale: "vi",
    });
    const loggedIn = await callAction(
      login.action,
      formRequest("/login", { identifier: "quen@example.vn", password: PASSWORD }),
    );
    const oldCookie = cookiesFrom(loggedIn.headers);

    const asked = await callAction(
      forgot.action,
      formRequest("/forgot-password", { identifier: "quen@example.vn" }),
    );
    expect(asked.status).toBe(200);
    const mails = readdirSync(outbox).map((f) => JSON.parse(readFileSync(path.join(outbox, f), "utf8")));
    const mail = mails.find((m) => m.to === "quen@example.vn");
    expect(mail.subject).toBe("Đặt lại mật khẩu Cổng OCOP");
    const token = /\/reset-password\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;

    // Unknown accounts get the same answer and no mail.
    const unknown = await callAction(
      forgot.action,
      formRequest("/forgot-password", { identifier: "khong@example.vn" }),
    );
    expect(unknown.data).toEqual(asked.data);

    expect((await callLoader(reset.loader, getRequest(`/reset-password/${token}`), { token })).status).toBe(
      200,
    );
    const mismatch = await callAction(
      reset.action,
      formRequest(`/reset-password/${token}`, { password: "mat-khau-moi-2026", confirm: "khac-nhau-2026" }),
      { token },
    );
    expect(mismatch.status).toBe(400);
    const done = await callAction(
      reset.action,
      formRequest(`/reset-password/${token}`, {
        password: "mat-khau-moi-2026",
        confirm: "mat-khau-moi-2026",
      }),
      { token },
    );
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/login");

    const again = await callAction(
      reset.action,
      formRequest(`/reset-password/${token}`, { password: "lan-thu-hai-2026", confirm: "lan-thu-hai-2026" }),
      { token },
    );
    expect(again.status).toBe(410);
    expect((await callLoader(reset.loader, getRequest(`/reset-password/${token}`), { token })).status).toBe(
      410,
    );

    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect((await callLoader(account.loader, getRequest("/account", oldCookie))).status).toBe(302);
    const oldPassword = await callAction(
      login.action,
      formRequest("/login", { identifier: "quen@example.vn", password: PASSWORD }),
    );
    expect(oldPassword.status).toBe(401);
    const newPassword = await callAction(
      login.action,
      formRequest("/login", { identifier: "quen@example.vn", password: "mat-khau-moi-2026" }),
    );
    expect(newPassword.status).toBe(302);
  });
});

describe("sign-up throttling", () => {
  test("one phone number cannot be tried again and again (account probing), whatever the address", async () => {
    await createUser(prisma, { role: "BUYER", phone: "0905555666", password: PASSWORD });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await callAction(
        signup.action,
        formRequest("/signup", {
          name: "Dò số",
          phone: "0905555666",
          password: PASSWORD,
          role: "BUYER",
          consent: "on",
        }),
        {},
        testContext(`198.51.100.${i + 1}`),
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(10).fill(409), 429]);
  });
});
