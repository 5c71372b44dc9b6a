// The cart: a signed-in buyer's is theirs (Cart.userId); a guest's id rides in a signed cookie.
// When a guest signs in, the guest cart's lines move into theirs. Lines keep product and quantity
// only: price, stock and availability are read fresh, so the cart never shows a stale price.
import { createCookie } from "@remix-run/node";
import { z } from "zod";
import { photoUrl } from "~/modules/photos/urls";
import { mediaBaseUrl } from "~/modules/photos/storage.server";
import { getOptionalUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { isProduction, sessionSecrets } from "~/utils/env.server";

import { MAX_CART_LINES, MAX_LINE_QUANTITY } from "./cart-limits";

function cartCookie() {
  return createCookie("__cart", {
    httpOnly: true,
    sameSite: "lax",
    secure: isProduction(),
    path: "/",
    maxAge: 30 * 24 * 3600,
    secrets: sessionSecrets(),
  });
}

const CartId = z.uuid();

async function guestCartId(request: Request): Promise<string | null> {
  const value: unknown = await cartCookie().parse(request.headers.get("Cookie"));
  const parsed = CartId.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export class CartError extends Error {
  constructor(
    readonly code: "unavailable" | "outOfStock" | "tooMany" | "belowMinimum" | "full",
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
  }
}

interface CartRef {
  cartId: string | null;
  userId: string | null;
  /** Set-Cookie to send (a new guest cart, or the guest cookie cleared after a merge). */
  setCookie?: string;
}

/** The request's cart (creating it when `create`), merging a guest cart into a signed-in buyer's. */
async function cartRef(request: Request, create: boolean): Promise<CartRef> {
  const [user, guestId] = await Promise.all([getOptionalUser(request), guestCartId(request)]);
  if (!user) {
    if (
      guestId &&
      (await prisma.cart.findFirst({ where: { id: guestId, userId: null }, select: { id: true } }))
    )
      return { cartId: guestId, userId: null };
    if (!create) return { cartId: null, userId: null };
    const cart = await prisma.cart.create({ data: {}, select: { id: true } });
    return { cartId: cart.id, userId: null, setCookie: await cartCookie().serialize(cart.id) };
  }
  let cart = await prisma.cart.findUnique({ where: { userId: user.id }, select: { id: true } });
  if (!cart && (create || guestId))
    cart = await prisma.cart.create({ data: { userId: user.id }, select: { id: true } });
  if (!cart) return { cartId: null, userId: user.id };
  if (!guestId || guestId === cart.id) return { cartId: cart.id, userId: user.id };
  await mergeGuestCart(guestId, cart.id);
  return { cartId: cart.id, userId: user.id, setCookie: await cartCookie().serialize("", { maxAge: 0 }) };
}

async function mergeGuestCart(guestId: string, cartId: string) {
  await prisma.$transaction(async (tx) => {
    const lines = await tx.cartItem.findMany({ where: { cart: { id: guestId, userId: null } } });
    for (const line of lines)
      await tx.cartItem.upsert({
        where: { cartId_productId: { cartId, productId: line.productId } },
        create: { cartId, productId: line.productId, quantity: line.quantity },
        update: { quantity: { increment: line.quantity } },
      });
    await tx.cart.deleteMany({ where: { id: guestId, userId: null } });
  });
}

/** A cart line as the buyer sees it, with what checkout would refuse flagged. */
export interface CartLine {
  productId: string;
  slug: string;
  name: string;
  unit: string;
  priceVnd: number;
  quantity: number;
  minOrder: number;
  stock: number;
  lineTotalVnd: number;
  photo: string | null;
  /** Null when checkout can take it; otherwise why not. */
  problem: null | "unavailable" | "outOfStock" | "notEnough" | "belowMinimum";
}

export interface CartGroup {
  producer: { id: string; name: string; slug: string };
  lines: CartLine[];
  subtotalVnd: number;
}

export interface CartView {
  groups: CartGroup[];
  count: number;
  totalVnd: number;
  ready: boolean;
}

export async function loadCart(request: Request): Promise<{ cart: CartView; setCookie?: string }> {
  const ref = await cartRef(request, false);
  const cart = ref.cartId ? await cartView(ref.cartId) : emptyCart();
  return { cart, setCookie: ref.setCookie };
}

const emptyCart = (): CartView => ({ groups: [], count: 0, totalVnd: 0, ready: false });

export async function cartView(cartId: string): Promise<CartView> {
  const items = await prisma.cartItem.findMany({
    where: { cartId },
    orderBy: { addedAt: "asc" },
    select: {
      quantity: true,
      product: {
        select: {
          id: true,
          slug: true,
          name: true,
          unit: true,
          priceVnd: true,
          stock: true,
          minOrder: true,
          listedAt: true,
          producer: { select: { id: true, name: true, slug: true } },
          photos: { select: { hash: true, width: true }, orderBy: { position: "asc" }, take: 1 },
        },
      },
    },
  });
  const media = mediaBaseUrl();
  const groups = new Map<string, CartGroup>();
  for (const { quantity, product } of items) {
    const problem: CartLine["problem"] = !product.listedAt
      ? "unavailable"
      : product.stock <= 0
        ? "outOfStock"
        : quantity > product.stock
          ? "notEnough"
          : quantity < product.minOrder
            ? "belowMinimum"
            : null;
    const line: CartLine = {
      productId: product.id,
      slug: product.slug,
      name: product.name,
      unit: product.unit,
      priceVnd: product.priceVnd,
      quantity,
      minOrder: product.minOrder,
      stock: Math.max(0, product.stock),
      lineTotalVnd: product.priceVnd * quantity,
      // The smallest stored variant (never wider than the source).
      photo: product.photos[0]
        ? photoUrl(product.photos[0].hash, Math.min(320, product.photos[0].width), "webp", media)
        : null,
      problem,
    };
    const group = groups.get(product.producer.id) ?? {
      producer: product.producer,
      lines: [],
      subtotalVnd: 0,
    };
    group.lines.push(line);
    if (!problem) group.subtotalVnd += line.lineTotalVnd;
    groups.set(product.producer.id, group);
  }
  const list = [...groups.values()];
  const lines = list.flatMap((g) => g.lines);
  return {
    groups: list,
    count: lines.reduce((n, l) => n + l.quantity, 0),
    totalVnd: list.reduce((n, g) => n + g.subtotalVnd, 0),
    ready: lines.length > 0 && lines.every((l) => l.problem === null),
  };
}

/** Adds `quantity` of a listed product (at least its minimum order). Returns a Set-Cookie for a new guest cart. */
export async function addToCart(request: Request, productId: string, quantity: number) {
  const product = await prisma.product.findUnique({
    where: { id: productId },
    select: { name: true, stock: true, minOrder: true, listedAt: true },
  });
  if (!product?.listedAt) throw new CartError("unavailable");
  if (product.stock <= 0) throw new CartError("outOfStock", { name: product.name });
  const ref = await cartRef(request, true);
  const cartId = ref.cartId!;
  const existing = await prisma.cartItem.findUnique({
    where: { cartId_productId: { cartId, productId } },
    select: { quantity: true },
  });
  if (!existing && (await prisma.cartItem.count({ where: { cartId } })) >= MAX_CART_LINES)
    throw new CartError("full", { max: MAX_CART_LINES });
  const total = Math.max((existing?.quantity ?? 0) + quantity, product.minOrder);
  if (total > Math.min(product.stock, MAX_LINE_QUANTITY))
    throw new CartError("tooMany", { name: product.name, stock: product.stock });
  await prisma.cartItem.upsert({
    where: { cartId_productId: { cartId, productId } },
    create: { cartId, productId, quantity: total },
    update: { quantity: total },
  });
  await prisma.cart.update({ where: { id: cartId }, data: { updatedAt: new Date() } });
  return { setCookie: ref.setCookie, quantity: total };
}

/** Sets a line's quantity; 0 removes it. Only the request's own cart is touched. */
export async function setCartQuantity(request: Request, productId: string, quantity: number) {
  const ref = await cartRef(request, false);
  if (!ref.cartId) return { setCookie: ref.setCookie };
  if (quantity === 0) {
    await prisma.cartItem.deleteMany({ where: { cartId: ref.cartId, productId } });
    return { setCookie: ref.setCookie };
  }
  const product = await prisma.product.findUnique({
    where: { id: productId },
    select: { name: true, stock: true, minOrder: true },
  });
  if (!product) throw new CartError("unavailable");
  if (quantity < product.minOrder)
    throw new CartError("belowMinimum", { name: product.name, min: product.minOrder });
  if (quantity > Math.min(product.stock, MAX_LINE_QUANTITY))
    throw new CartError("tooMany", { name: product.name, stock: Math.max(0, product.stock) });
  await prisma.cartItem.updateMany({ where: { cartId: ref.cartId, productId }, data: { quantity } });
  return { setCookie: ref.setCookie };
}

/** The request's cart id for checkout (null: nothing to check out). */
export async function checkoutCartId(request: Request): Promise<CartRef> {
  return cartRef(request, false);
}

/** How many units the header's cart link shows: one query, none without an account or a cart cookie. */
export async function cartCount(request: Request, userId: string | null): Promise<number> {
  const guestId = userId ? null : await guestCartId(request);
  if (!userId && !guestId) return 0;
  const sum = await prisma.cartItem.aggregate({
    where: userId ? { cart: { userId } } : { cartId: guestId!, cart: { userId: null } },
    _sum: { quantity: true },
  });
  return sum._sum.quantity ?? 0;
}
