import { describe, expect, test } from "vitest";
import { certificateValid, submissionProblems, type SubmissionCandidate } from "./submission";

const now = new Date("2026-11-23T18:00:00Z"); // 01:00 on 24/11 in Vietnam
const ready: SubmissionCandidate = {
  status: "DRAFT",
  name: "Cà phê Robusta rang mộc",
  unit: "gói 500 g",
  priceVnd: 185000,
  description: "Cà phê hạt rang mộc, không tẩm.",
  ocopStars: null,
  photoCount: 1,
  certificates: [],
};
const ocop = (expiresOn: string, stars = 4, revokedAt: Date | null = null) => ({
  kind: "OCOP",
  ocopStars: stars,
  expiresOn: new Date(`${expiresOn}T00:00:00Z`),
  revokedAt,
});

describe("submitting for review", () => {
  test("a complete draft with a cover photo can go", () => {
    expect(submissionProblems(ready, now)).toEqual([]);
    expect(submissionProblems({ ...ready, status: "CHANGES_REQUESTED" }, now)).toEqual([]);
  });

  test("a suspended product asks for re-review the same way; other states cannot submit", () => {
    expect(submissionProblems({ ...ready, status: "SUSPENDED" }, now)).toEqual([]);
    for (const status of ["SUBMITTED", "IN_REVIEW", "APPROVED", "REJECTED", "WITHDRAWN", "BOGUS"])
      expect(submissionProblems({ ...ready, status }, now)).toEqual(["status"]);
  });

  test("each missing piece is named", () => {
    expect(submissionProblems({ ...ready, photoCount: 0 }, now)).toEqual(["cover"]);
    expect(submissionProblems({ ...ready, description: "  " }, now)).toEqual(["required"]);
    expect(submissionProblems({ ...ready, status: "SUBMITTED" }, now)).toEqual(["status"]);
    expect(submissionProblems({ ...ready, status: "APPROVED" }, now)).toEqual(["status"]);
  });

  test("claiming OCOP stars needs a valid OCOP certificate with those stars", () => {
    const claim = { ...ready, ocopStars: 4 };
    expect(submissionProblems(claim, now)).toEqual(["ocopCertificate"]);
    expect(submissionProblems({ ...claim, certificates: [ocop("2028-01-01")] }, now)).toEqual([]);
    expect(submissionProblems({ ...claim, certificates: [ocop("2028-01-01", 3)] }, now)).toEqual([
      "ocopCertificate",
    ]);
    expect(submissionProblems({ ...claim, certificates: [ocop("2028-01-01", 4, new Date())] }, now)).toEqual([
      "ocopCertificate",
    ]);
  });

  test("an expired certificate blocks; a revoked one is simply not shown", () => {
    expect(submissionProblems({ ...ready, certificates: [ocop("2026-11-23")] }, now)).toEqual([
      "certificateInvalid",
    ]);
    expect(submissionProblems({ ...ready, certificates: [ocop("2026-01-01", 4, new Date())] }, now)).toEqual(
      [],
    );
  });

  test("a suspended product whose expired certificate was renewed can be resubmitted", () => {
    const suspended = { ...ready, status: "SUSPENDED", ocopStars: 4, certificates: [ocop("2026-11-23")] };
    expect(submissionProblems(suspended, now)).toEqual(["ocopCertificate", "certificateInvalid"]);
    const renewed = { ...suspended, certificates: [ocop("2026-11-23"), ocop("2029-11-23")] };
    expect(submissionProblems(renewed, now)).toEqual([]);
    // A renewal of another kind does not cover an expired OCOP certificate.
    const other = {
      ...ready,
      certificates: [ocop("2026-11-23"), { ...ocop("2028-01-01"), kind: "VIETGAP" }],
    };
    expect(submissionProblems(other, now)).toEqual(["certificateInvalid"]);
  });

  test("a certificate is valid through its expiry day in Vietnam, not in UTC", () => {
    // 17:30 UTC on the 23rd is already the 24th in Vietnam.
    expect(certificateValid(ocop("2026-11-23"), new Date("2026-11-23T16:59:00Z"))).toBe(true);
    expect(certificateValid(ocop("2026-11-23"), new Date("2026-11-23T17:00:00Z"))).toBe(false);
  });
});
