import { describe, expect, it } from "vitest";
import {
  ACTORS,
  allowedActions,
  listedAfter,
  nextStatus,
  PRODUCT_STATUSES,
  REVIEW_ACTIONS,
  type Actor,
  type ProductStatus,
  type ReviewAction,
} from "./state-machine";

// The diagram, written out independently of the module: every allowed
// (from, action, actor[, listed]) → to. Everything not here must be refused.
const P = ["PRODUCER", "HELPER"] as const;
const ALLOWED: {
  from: ProductStatus;
  action: ReviewAction;
  by: readonly Actor[];
  to: ProductStatus;
  listed?: true;
}[] = [
  { from: "DRAFT", action: "submit", by: P, to: "SUBMITTED" },
  { from: "CHANGES_REQUESTED", action: "submit", by: P, to: "SUBMITTED" },
  { from: "SUSPENDED", action: "submit", by: P, to: "SUBMITTED" },
  { from: "APPROVED", action: "revise", by: P, to: "SUBMITTED" },
  { from: "SUBMITTED", action: "claim", by: ["OFFICIAL"], to: "IN_REVIEW" },
  { from: "IN_REVIEW", action: "release", by: ["OFFICIAL"], to: "SUBMITTED" },
  { from: "IN_REVIEW", action: "approve", by: ["OFFICIAL"], to: "APPROVED" },
  { from: "IN_REVIEW", action: "requestChanges", by: ["OFFICIAL"], to: "CHANGES_REQUESTED" },
  { from: "IN_REVIEW", action: "reject", by: ["OFFICIAL"], to: "REJECTED" },
  { from: "APPROVED", action: "suspend", by: ["OFFICIAL", "SYSTEM"], to: "SUSPENDED" },
  { from: "SUBMITTED", action: "suspend", by: ["OFFICIAL", "SYSTEM"], to: "SUSPENDED", listed: true },
  { from: "IN_REVIEW", action: "suspend", by: ["OFFICIAL", "SYSTEM"], to: "SUSPENDED", listed: true },
  { from: "CHANGES_REQUESTED", action: "suspend", by: ["OFFICIAL", "SYSTEM"], to: "SUSPENDED", listed: true },
  { from: "SUSPENDED", action: "reinstate", by: ["OFFICIAL"], to: "APPROVED" },
  ...(["SUBMITTED", "IN_REVIEW", "APPROVED", "CHANGES_REQUESTED", "SUSPENDED"] as const).map((from) => ({
    from,
    action: "withdraw" as const,
    by: P,
    to: "WITHDRAWN" as const,
  })),
  { from: "WITHDRAWN", action: "reopen", by: P, to: "DRAFT" },
];

function expected(from: ProductStatus, action: ReviewAction, actor: Actor, listed: boolean) {
  const rule = ALLOWED.find(
    (r) => r.from === from && r.action === action && r.by.includes(actor) && (!r.listed || listed),
  );
  return rule?.to ?? null;
}

describe("listing state machine", () => {
  // 8 states × 11 actions × 7 actors × listed/unlisted = 1,232 cases.
  for (const from of PRODUCT_STATUSES) {
    for (const action of REVIEW_ACTIONS) {
      it(`${from} --${action}--> for each actor`, () => {
        for (const actor of ACTORS) {
          for (const listed of [false, true]) {
            expect(nextStatus(from, action, actor, { listed }), `${actor}, listed=${listed}`).toBe(
              expected(from, action, actor, listed),
            );
          }
        }
      });
    }
  }

  it("never lets admins, operators or buyers move a product, nor the system do anything but suspend", () => {
    for (const from of PRODUCT_STATUSES) {
      for (const listed of [false, true]) {
        for (const actor of ["ADMIN", "OPERATOR", "BUYER"] as const)
          expect(allowedActions(from, actor, { listed })).toEqual([]);
        for (const action of allowedActions(from, "SYSTEM", { listed })) expect(action).toBe("suspend");
      }
    }
  });

  it("lets only officials decide, and producers never approve their own product", () => {
    for (const from of PRODUCT_STATUSES) {
      for (const actor of P) {
        const actions = allowedActions(from, actor, { listed: true });
        for (const decision of ["claim", "approve", "reject", "requestChanges", "suspend", "reinstate"])
          expect(actions).not.toContain(decision);
      }
    }
  });

  it("keeps the approved version listed while a revision is under review, and only then", () => {
    expect(listedAfter("SUBMITTED", true)).toBe(true);
    expect(listedAfter("IN_REVIEW", true)).toBe(true);
    expect(listedAfter("CHANGES_REQUESTED", true)).toBe(true);
    expect(listedAfter("SUBMITTED", false)).toBe(false);
    expect(listedAfter("APPROVED", false)).toBe(true);
    for (const status of ["REJECTED", "SUSPENDED", "WITHDRAWN", "DRAFT"] as const)
      expect(listedAfter(status, true)).toBe(false);
  });

  it("refuses unknown actions and actors without throwing", () => {
    expect(nextStatus("DRAFT", "publish" as ReviewAction, "PRODUCER", { listed: false })).toBeNull();
    expect(nextStatus("IN_REVIEW", "approve", "ROOT" as Actor, { listed: false })).toBeNull();
  });
});
