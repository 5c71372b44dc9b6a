// What the operators' marketplace pages and their server module share (plain module: components
// import it, so no server code here).

/** Every channel, in the order the pages show them (ids of the Channel rows). */
export const CHANNEL_IDS = ["market-api", "google", "postmart", "voso"] as const;
export type ChannelId = (typeof CHANNEL_IDS)[number];

/** What people call each channel (the ids are the system's). */
export const CHANNEL_NAMES: Record<string, string> = {
  "market-api": "Sàn TMĐT (API)",
  google: "Google Merchant Center",
  postmart: "postmart.vn",
  voso: "voso.vn",
};
export const channelName = (id: string) => CHANNEL_NAMES[id] ?? id;

/** The downloads of /operator/marketplaces/export/:file. */
export const EXPORT_FILES = ["postmart.xlsx", "voso.xlsx", "google.xml", "google.tsv", "epcis.json"] as const;
export type ExportFile = (typeof EXPORT_FILES)[number];

/** The Google feed's files at its secret URL /feeds/:token/:file. */
export const FEED_FILES = ["google.xml", "google.tsv"] as const;
export type FeedFile = (typeof FEED_FILES)[number];

export const LISTING_STATES = [
  "PENDING",
  "QUEUED",
  "AWAITING_APPROVAL",
  "APPROVED",
  "REJECTED",
  "DELISTED",
  "DEAD",
] as const;
export type ListingState = (typeof LISTING_STATES)[number];

export const JOB_STATUSES = ["QUEUED", "RUNNING", "DONE", "DEAD"] as const;

/** Listing states an operator may retry from the progress page. */
export const RETRYABLE_STATES: readonly string[] = ["REJECTED", "DEAD"];

/** Products the chooser shows per page, and the most an operator may tick for one push. */
export const CHOICES_PAGE_SIZE = 50;
export const MAX_SELECTED = 500;
/** Rows the preview and progress tables show (problems first); totals always cover everything. */
export const MAX_TABLE_ROWS = 300;

/** A retry checkbox's value: "channelId:productId". */
export const retryValue = (channelId: string, productId: string) => `${channelId}:${productId}`;
