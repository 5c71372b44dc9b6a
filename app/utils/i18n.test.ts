import { describe, expect, test } from "vitest";
import { en } from "~/i18n/en";
import { vi } from "~/i18n/vi";
import { formatDateTime, formatVnd } from "./format";
import { createI18n } from "./i18n";

function keys(value: object, prefix = ""): string[] {
  return Object.entries(value).flatMap(([k, v]) =>
    typeof v === "object" && v ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe("translations", () => {
  test("English has exactly the Vietnamese keys", () => {
    expect(keys(en).sort()).toEqual(keys(vi).sort());
  });

  test("plurals follow each language's rules", () => {
    const viT = createI18n("vi").t;
    const enT = createI18n("en").t;
    expect(enT("account.sessions", { count: 1 })).toBe("1 active session");
    expect(enT("account.sessions", { count: 3 })).toBe("3 active sessions");
    expect(viT("account.sessions", { count: 1 })).toBe("1 phiên đăng nhập đang hoạt động");
    expect(viT("home.productCount", { count: 13 })).toBe("13 sản phẩm đã được duyệt");
  });
});

describe("formatting", () => {
  test("money is VND in the Vietnamese style", () => {
    expect(formatVnd(185000).replace(/\s/g, " ")).toBe("185.000 ₫");
  });

  test("times are shown in Asia/Ho_Chi_Minh whatever the server's zone", () => {
    // 17:30 UTC is 00:30 the next day in Vietnam (UTC+7).
    expect(formatDateTime(new Date("2026-11-23T17:30:00Z"), "vi")).toContain("00:30");
    expect(formatDateTime(new Date("2026-11-23T17:30:00Z"), "vi")).toContain("24/11/2026");
  });
});
