// The most common passwords are refused wherever a password is chosen (sign-up, reset), whatever
// their case, with the same message and without creating anything. Long enough to pass the length
// rule, so the refusal can only come from the common-password check.
import { dictionary } from "@zxcvbn-ts/language-common";
import { beforeAll, describe, expect, test } from "vitest";
import { createUser } from "../../prisma/seed/factories";
import { callAction, formRequest } from "../support/routes";

const { prisma } = await import("~/utils/db.server");
const { createPasswordReset } = await import("~/modules/accounts/accounts.server");
const signup = await import("~/routes/auth/signup");
const reset = await import("~/routes/auth/reset-password");

const COMMON_MESSAGE = "Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác.";

// zxcvbn's list is ordered by frequency: the 200 most used that are long enough (10+ characters).
const TOP = (dictionary["passwords-common"] as string[]).filter((p) => p.length >= 10).slice(0, 200);
// Vietnamese favourites the list lacks, as people type them.
const VIETNAMESE = ["matkhau123", "MatKhau1234", "anhyeuem123", "vietnam123", "12345678910", "0123456789"];

type Reply = { result: { error?: Record<string, string[] | null> } };

let token: string;
let userId: string;

beforeAll(async () => {
  const user = await createUser(prisma, { role: "BUYER" });
  userId = user.id;
  token = await createPasswordReset(user.id);
});

describe("common passwords", () => {
  test("the list is long enough to mean something", () => {
    expect(TOP).toHaveLength(200);
    expect(TOP).toContain("1234567890");
  });

  test("sign-up refuses each of the 200 most common (and their upper-case forms); no account is made", async () => {
    const users = await prisma.user.count();
    for (const [n, password] of [
      ...TOP,
      ...TOP.slice(0, 20).map((p) => p.toUpperCase()),
      ...VIETNAMESE,
    ].entries()) {
      const res = await callAction(
        signup.action,
        formRequest("/signup", {
          name: "Lê Văn Tư",
          email: `tu${n}@example.vn`,
          password,
          role: "BUYER",
          consent: "on",
        }),
      );
      expect(res.status, password).toBe(400);
      expect((res.data as Reply).result.error?.password, password).toEqual([COMMON_MESSAGE]);
    }
    expect(await prisma.user.count()).toBe(users);
  });

  test("a password reset refuses them too, and the link stays unused", async () => {
    const before = await prisma.user.findUniqueOrThrow({
      where: { id: userId },
      select: { passwordHash: true },
    });
    for (const password of [...TOP.slice(0, 50), ...VIETNAMESE]) {
      const res = await callAction(
        reset.action,
        formRequest(`/reset-password/${token}`, { password, confirm: password }),
        { token },
      );
      expect(res.status, password).toBe(400);
      expect((res.data as Reply).result.error?.password, password).toEqual([COMMON_MESSAGE]);
    }
    const after = await prisma.user.findUniqueOrThrow({
      where: { id: userId },
      select: { passwordHash: true },
    });
    expect(after.passwordHash).toBe(before.passwordHash);
    // The link still works for a good password: nothing was consumed by the refusals.
    const good = await callAction(
      reset.action,
      formRequest(`/reset-password/${token}`, {
        password: "Lúa chín vàng đồng quê",
        confirm: "Lúa chín vàng đồng quê",
      }),
      { token },
    );
    expect(good.status).toBe(302);
  });
});
