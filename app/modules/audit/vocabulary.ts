// The audit filter's choices: plain data, shared by the page (client too) and the server query.
export const ACTOR_ROLES = [
  "PRODUCER",
  "HELPER",
  "OFFICIAL",
  "OPERATOR",
  "BUYER",
  "ADMIN",
  "SYSTEM",
] as const;

/** The actions the filter offers by name (others still filter by exact value or "prefix."). */
export const KNOWN_ACTIONS = [
  "product.",
  "product.submit",
  "product.revise",
  "product.claim",
  "product.release",
  "product.approve",
  "product.requestChanges",
  "product.reject",
  "product.suspend",
  "product.reinstate",
  "product.withdraw",
  "product.reopen",
  "auth.login",
  "user.roleChanged",
  "audit.export",
  "certificate.revoke",
  "checklist.add",
  "checklist.activate",
  "checklist.deactivate",
] as const;
