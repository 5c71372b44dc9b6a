// Lengths the order forms allow (shared by the pages and the server).
export const MAX_REASON = 500;
export const MAX_SHIPPING_NOTE = 200;
