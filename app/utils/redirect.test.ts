import { describe, expect, test } from "vitest";
import { safeRedirect } from "./redirect";

describe("safeRedirect", () => {
  test.each([
    ["/producer", "/producer"],
    ["/review?status=SUBMITTED", "/review?status=SUBMITTED"],
    ["/a/b#c", "/a/b#c"],
    ["/a/../b", "/b"],
    // Encoded slashes stay inside the path: a browser asks our server for it.
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ])("keeps the local path %s", (to, kept) => {
    expect(safeRedirect(to)).toBe(kept);
  });

  test.each([
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\u007f/evil.example",
    // Dot segments that collapse into a scheme-relative URL once parsed.
    "/.//evil.example",
    "/..//evil.example",
    "/a/..//evil.example",
    "/%2e%2e//evil.example",
    "/%2E//evil.example",
    "/./\\evil.example",
    "",
    null,
    undefined,
  ])("refuses %s and falls back", (to) => {
    expect(safeRedirect(to, "/home")).toBe("/home");
  });

  test("a browser resolving what it returns never leaves our origin", () => {
    const attempts = ["/.//evil.example/x", "/%2F%2Fevil.example", "/%5Cevil.example", "/..%2F/evil.example"];
    for (const to of attempts) {
      const location = safeRedirect(to, "/home");
      expect(new URL(location, "https://ocop.example.vn").origin, to).toBe("https://ocop.example.vn");
    }
  });
});
