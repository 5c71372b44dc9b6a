/**
 * The listing state machine: the only place that says which status a product may move to, by which
 * action and by whom. Server code asks `nextStatus` and then moves the row with an UPDATE guarded by
 * the current status, so a crafted form post or a race cannot take a path that is not listed here.
 */

export const PRODUCT_STATUSES = [
  "DRAFT",
  "SUBMITTED",
  "IN_REVIEW",
  "APPROVED",
  "CHANGES_REQUESTED",
  "REJECTED",
  "SUSPENDED",
  "WITHDRAWN",
] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export const REVIEW_ACTIONS = [
  "submit",
  "revise",
  "claim",
  "release",
  "approve",
  "requestChanges",
  "reject",
  "suspend",
  "reinstate",
  "withdraw",
  "reopen",
] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

/** Who acts: the account roles, plus SYSTEM for the scheduled certificate job. */
export const ACTORS = ["PRODUCER", "HELPER", "OFFICIAL", "OPERATOR", "BUYER", "ADMIN", "SYSTEM"] as const;
export type Actor = (typeof ACTORS)[number];

export interface TransitionContext {
  /** The product has an approved version that buyers currently see (Product.listedAt set). */
  listed: boolean;
}

interface Rule {
  from: readonly ProductStatus[];
  to: ProductStatus;
  by: readonly Actor[];
  /** Only for listed products (a suspension can hit a listed product whose revision is in review). */
  listedOnly?: boolean;
}

// Producers act through their members or a consenting helper; only officials decide (segregation
// of duties: admins and operators cannot approve); the system only suspends.
const PRODUCER_SIDE = ["PRODUCER", "HELPER"] as const;
const RULES: Record<ReviewAction, Rule[]> = {
  // First submission, resubmission after changes requested, or asking for re-review once a
  // suspension's cause (an expired certificate) is fixed.
  submit: [{ from: ["DRAFT", "CHANGES_REQUESTED", "SUSPENDED"], to: "SUBMITTED", by: PRODUCER_SIDE }],
  // A listed product edited in a way that matters goes back to review; its approved version stays listed.
  revise: [{ from: ["APPROVED"], to: "SUBMITTED", by: PRODUCER_SIDE }],
  claim: [{ from: ["SUBMITTED"], to: "IN_REVIEW", by: ["OFFICIAL"] }],
  release: [{ from: ["IN_REVIEW"], to: "SUBMITTED", by: ["OFFICIAL"] }],
  approve: [{ from: ["IN_REVIEW"], to: "APPROVED", by: ["OFFICIAL"] }],
  requestChanges: [{ from: ["IN_REVIEW"], to: "CHANGES_REQUESTED", by: ["OFFICIAL"] }],
  reject: [{ from: ["IN_REVIEW"], to: "REJECTED", by: ["OFFICIAL"] }],
  suspend: [
    { from: ["APPROVED"], to: "SUSPENDED", by: ["OFFICIAL", "SYSTEM"] },
    {
      from: ["SUBMITTED", "IN_REVIEW", "CHANGES_REQUESTED"],
      to: "SUSPENDED",
      by: ["OFFICIAL", "SYSTEM"],
      listedOnly: true,
    },
  ],
  // Re-review by an official of a suspended product whose cause is resolved.
  reinstate: [{ from: ["SUSPENDED"], to: "APPROVED", by: ["OFFICIAL"] }],
  withdraw: [
    {
      from: ["SUBMITTED", "IN_REVIEW", "APPROVED", "CHANGES_REQUESTED", "SUSPENDED"],
      to: "WITHDRAWN",
      by: PRODUCER_SIDE,
    },
  ],
  reopen: [{ from: ["WITHDRAWN"], to: "DRAFT", by: PRODUCER_SIDE }],
};

/** The status after `action`, or null when the machine forbids it for this state and actor. */
export function nextStatus(
  from: ProductStatus,
  action: ReviewAction,
  actor: Actor,
  context: TransitionContext,
): ProductStatus | null {
  for (const rule of RULES[action] ?? []) {
    if (!rule.from.includes(from) || !rule.by.includes(actor)) continue;
    if (rule.listedOnly && !context.listed) continue;
    return rule.to;
  }
  return null;
}

/** The actions an actor may take on a product now (drives which buttons a page shows). */
export function allowedActions(
  from: ProductStatus,
  actor: Actor,
  context: TransitionContext,
): ReviewAction[] {
  return REVIEW_ACTIONS.filter((action) => nextStatus(from, action, actor, context) !== null);
}

/** Whether buyers see the product after moving to `status` (the listed version survives a revision). */
export function listedAfter(status: ProductStatus, wasListed: boolean): boolean {
  if (status === "APPROVED") return true;
  if (status === "SUBMITTED" || status === "IN_REVIEW" || status === "CHANGES_REQUESTED") return wasListed;
  return false;
}

/** Statuses a producer may still edit in (IN_REVIEW is frozen so the official reviews what was sent). */
export const EDITABLE_STATUSES: readonly ProductStatus[] = [
  "DRAFT",
  "SUBMITTED",
  "CHANGES_REQUESTED",
  "APPROVED",
  "SUSPENDED",
  "WITHDRAWN",
];

export class TransitionRefused extends Error {
  constructor(
    public readonly from: ProductStatus,
    public readonly action: ReviewAction,
    public readonly actor: Actor,
  ) {
    super(`${action} refused for ${actor} on a ${from} product`);
  }
}
