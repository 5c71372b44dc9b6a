import { describe, expect, test } from "vitest";
import { safeRedirect } from "./redirect";

describe("safeRedirect", () => {
  test.each(["/producer", "/review?status=SUBMITTED", "/a/b#c"])("keeps the local path %s", (to) => {
    expect(safeRedirect(to)).toBe(to);
  });

  test.each([
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "javascript:alert(1)",
    "evil.example",
    "/\t/evil.example",
    "",
    null,
    undefined,
  ])("refuses %s and falls back", (to) => {
    expect(safeRedirect(to, "/home")).toBe("/home");
  });
});
