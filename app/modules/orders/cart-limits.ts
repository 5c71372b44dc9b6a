// How much a cart holds (shared by the cart page and the server).
/** The most of one product a cart line holds (a farm shop, not a wholesaler's order). */
export const MAX_LINE_QUANTITY = 999;
export const MAX_CART_LINES = 50;
