/** The review queue's views (the page's filter choices, shared with the server query). */
export const QUEUE_VIEWS = [
  "open",
  "waiting",
  "mine",
  "IN_REVIEW",
  "CHANGES_REQUESTED",
  "SUSPENDED",
  "APPROVED",
  "REJECTED",
] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];
