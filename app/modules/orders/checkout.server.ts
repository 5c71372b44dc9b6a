// Checkout: the cart becomes one order per producer under one checkout, in one transaction that
// also takes the units out of stock. Each unit is taken by a guarded UPDATE (`stock >= quantity`),
// so two buyers racing for the last unit cannot both get it (and a CHECK keeps stock ≥ 0 anyway).
// The units stay reserved until the payment succeeds (kept), or fails for good or expires (given
// back, once: StockReservation.releasedAt). VNPay checkouts get their first payment attempt here.
import { randomInt } from "node:crypto";
import { createCookie } from "@remix-run/node";
import type { Prisma } from "~/generated/prisma/client";
import { recordAudit, type AuditOrigin } from "~/modules/audit/audit.server";
import { createVnpayAttempt, vnpayEnabled } from "~/modules/payments/payments.server";
import { getOptionalUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { env, isProduction, sessionSecrets } from "~/utils/env.server";
import type { Locale } from "~/utils/i18n";
import { checkoutCartId } from "./cart.server";
import type { CheckoutInput } from "./checkout-schema";
import { orderTokenHash } from "./order-links.server";
import { queueOrderNotices, sendOrderMails } from "./order-notices.server";
import type { Mail } from "~/utils/mail.server";

export class CheckoutError extends Error {
  constructor(
    readonly code: "empty" | "unavailable" | "outOfStock" | "belowMinimum" | "commune" | "methodUnavailable",
    readonly params: Record<string, string | number> = {},
    readonly status = 409,
  ) {
    super(code);
  }
}

// Crockford's alphabet: no I, L, O or U to misread over the phone.
const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export function newOrderCode(): string {
  let code = "DH";
  for (let i = 0; i < 8; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

export interface PlacedCheckout {
  checkoutId: string;
  method: CheckoutInput["method"];
  orders: { id: string; code: string; producerId: string; totalVnd: number; accessTokenHash: string }[];
  /** VNPay: where to send the buyer now. */
  paymentUrl: string | null;
}

export function checkoutDeadline(method: CheckoutInput["method"], now: Date): Date | null {
  if (method === "VNPAY") return new Date(now.getTime() + env().PAYMENT_WINDOW_MINUTES * 60_000);
  if (method === "BANK_TRANSFER") return new Date(now.getTime() + env().BANK_TRANSFER_HOURS * 3_600_000);
  return null;
}

export async function placeCheckout(
  request: Request,
  input: CheckoutInput,
  origin: AuditOrigin & { locale: Locale },
  now = new Date(),
): Promise<PlacedCheckout> {
  const ref = await checkoutCartId(request);
  if (!ref.cartId) throw new CheckoutError("empty", {}, 400);
  if (input.method === "VNPAY" && !vnpayEnabled()) throw new CheckoutError("methodUnavailable", {}, 400);
  const commune = await prisma.commune.findUnique({
    where: { code: input.commune },
    select: { provinceCode: true },
  });
  if (!commune || commune.provinceCode !== input.province) throw new CheckoutError("commune", {}, 400);
  const user = await getOptionalUser(request);
  const cartId = ref.cartId;

  const placed = await prisma.$transaction(async (tx) => {
    const lines = await tx.cartItem.findMany({
      where: { cartId },
      // Product id order: two checkouts never wait on each other's rows in opposite orders.
      orderBy: { productId: "asc" },
      select: {
        quantity: true,
        product: {
          select: {
            id: true,
            name: true,
            unit: true,
            priceVnd: true,
            minOrder: true,
            listedAt: true,
            producerId: true,
            batches: {
              select: { id: true },
              orderBy: [{ createdAt: "desc" }, { lotNumber: "desc" }],
              take: 1,
            },
          },
        },
      },
    });
    if (lines.length === 0) throw new CheckoutError("empty", {}, 400);
    for (const { quantity, product } of lines) {
      if (!product.listedAt) throw new CheckoutError("unavailable", { name: product.name });
      if (quantity < product.minOrder)
        throw new CheckoutError("belowMinimum", { name: product.name, min: product.minOrder });
      const taken = await tx.product.updateMany({
        where: { id: product.id, listedAt: { not: null }, stock: { gte: quantity } },
        data: { stock: { decrement: quantity } },
      });
      if (taken.count === 0) throw new CheckoutError("outOfStock", { name: product.name });
    }

    const byProducer = new Map<string, typeof lines>();
    for (const line of lines)
      byProducer.set(line.product.producerId, [...(byProducer.get(line.product.producerId) ?? []), line]);
    const totalVnd = lines.reduce((sum, l) => sum + l.product.priceVnd * l.quantity, 0);
    const checkout = await tx.checkout.create({
      data: {
        buyerId: user?.id ?? null,
        method: input.method,
        name: input.name,
        phone: input.phone,
        email: input.email ?? null,
        provinceCode: input.province,
        communeCode: input.commune,
        street: input.street,
        note: input.note || null,
        totalVnd,
        locale: origin.locale,
        payBy: checkoutDeadline(input.method, now),
        reservations: {
          create: lines.map((l) => ({ productId: l.product.id, quantity: l.quantity })),
        },
      },
      select: { id: true },
    });

    const orders: PlacedCheckout["orders"] = [];
    for (const [producerId, group] of byProducer) {
      const subtotal = group.reduce((sum, l) => sum + l.product.priceVnd * l.quantity, 0);
      const order = await createOrder(tx, {
        checkoutId: checkout.id,
        producerId,
        buyerId: user?.id ?? null,
        method: input.method,
        subtotalVnd: subtotal,
        items: group.map((l) => ({
          productId: l.product.id,
          batchId: l.product.batches[0]?.id ?? null,
          name: l.product.name,
          unit: l.product.unit,
          priceVnd: l.product.priceVnd,
          quantity: l.quantity,
        })),
        actorId: user?.id ?? null,
      });
      orders.push(order);
    }
    await tx.cartItem.deleteMany({ where: { cartId } });
    await recordAudit(
      {
        actor: { id: user?.id ?? null, role: user?.role ?? "GUEST" },
        action: "checkout.placed",
        target: { type: "Checkout", id: checkout.id },
        after: { method: input.method, totalVnd, orders: orders.map((o) => o.code) },
        details: { method: input.method, totalVnd, orders: orders.map((o) => o.code) },
        origin,
      },
      tx,
    );
    // In the same transaction: a failure here (the database gone, a refused amount) leaves no
    // orders the buyer cannot pay, and the cart as it was.
    const paymentUrl =
      input.method === "VNPAY"
        ? await createVnpayAttempt(
            checkout.id,
            { ip: origin.ip ?? "127.0.0.1", locale: origin.locale },
            now,
            tx,
          )
        : null;
    // VNPay orders are announced once paid (settleAttempt); the others with the orders.
    const mails: Mail[] = [];
    if (input.method !== "VNPAY")
      for (const order of orders) mails.push(...(await queueOrderNotices(tx, order.id, "PLACED")));
    return { checkoutId: checkout.id, totalVnd, orders, paymentUrl, mails };
  });
  await sendOrderMails(placed.mails);
  return {
    checkoutId: placed.checkoutId,
    method: input.method,
    orders: placed.orders,
    paymentUrl: placed.paymentUrl,
  };
}

async function createOrder(
  tx: Prisma.TransactionClient,
  input: {
    checkoutId: string;
    producerId: string;
    buyerId: string | null;
    method: CheckoutInput["method"];
    subtotalVnd: number;
    items: Prisma.OrderItemCreateManyOrderInput[];
    actorId: string | null;
  },
) {
  // The id is chosen first: the private link's token is derived from it.
  const id = crypto.randomUUID();
  for (let tries = 0; ; tries++) {
    const code = newOrderCode();
    const clash = await tx.order.findUnique({ where: { code }, select: { id: true } });
    if (clash && tries < 5) continue;
    const accessTokenHash = orderTokenHash(id);
    await tx.order.create({
      data: {
        id,
        code,
        checkoutId: input.checkoutId,
        producerId: input.producerId,
        buyerId: input.buyerId,
        method: input.method,
        subtotalVnd: input.subtotalVnd,
        totalVnd: input.subtotalVnd,
        accessTokenHash,
        items: { createMany: { data: input.items } },
        events: {
          create: {
            to: "PENDING_PAYMENT",
            actorId: input.actorId,
            actorRole: input.actorId ? "BUYER" : "GUEST",
          },
        },
      },
    });
    return { id, code, producerId: input.producerId, totalVnd: input.subtotalVnd, accessTokenHash };
  }
}

// The browser that placed a checkout may see its orders' private links (the placed page, the VNPay
// return page) without an account: a signed cookie remembers its last few checkouts.
function checkoutCookie() {
  return createCookie("__checkouts", {
    httpOnly: true,
    sameSite: "lax",
    secure: isProduction(),
    path: "/",
    maxAge: 7 * 24 * 3600,
    secrets: sessionSecrets(),
  });
}

export async function rememberedCheckouts(request: Request): Promise<string[]> {
  const value: unknown = await checkoutCookie().parse(request.headers.get("Cookie"));
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string").slice(0, 5) : [];
}

export async function rememberCheckout(request: Request, checkoutId: string): Promise<string> {
  const previous = await rememberedCheckouts(request);
  return checkoutCookie().serialize([checkoutId, ...previous.filter((id) => id !== checkoutId)].slice(0, 5));
}

/** May this request see the checkout's orders (its buyer, or the browser that placed it)? */
export async function mayViewCheckout(request: Request, checkout: { id: string; buyerId: string | null }) {
  const user = await getOptionalUser(request);
  if (user && checkout.buyerId === user.id) return true;
  return (await rememberedCheckouts(request)).includes(checkout.id);
}

/** The checkout form's choices: provinces, the chosen province's communes, payment methods open. */
export async function checkoutOptions(request: Request, provinceCode: string | null) {
  const user = await getOptionalUser(request);
  const [provinces, ref] = await Promise.all([
    prisma.province.findMany({ orderBy: { name: "asc" }, select: { code: true, name: true } }),
    checkoutCartId(request),
  ]);
  const chosen =
    provinces.find((p) => p.code === provinceCode)?.code ??
    provinces.find((p) => p.code === user?.provinceCode)?.code ??
    "";
  const communes = chosen
    ? await prisma.commune.findMany({
        where: { provinceCode: chosen },
        orderBy: { name: "asc" },
        select: { code: true, name: true, type: true },
      })
    : [];
  // A transfer goes straight to each producer: only when every producer in the cart has an account.
  const producers = ref.cartId
    ? await prisma.producer.findMany({
        where: { products: { some: { cartItems: { some: { cartId: ref.cartId } } } } },
        select: { bankAccountNumber: true },
      })
    : [];
  const methods = [
    ...(vnpayEnabled() ? (["VNPAY"] as const) : []),
    "COD" as const,
    ...(producers.length > 0 && producers.every((p) => p.bankAccountNumber)
      ? (["BANK_TRANSFER"] as const)
      : []),
  ];
  return {
    provinces,
    province: chosen,
    communes,
    methods,
    windowMinutes: env().PAYMENT_WINDOW_MINUTES,
    transferHours: env().BANK_TRANSFER_HOURS,
    defaults: { name: user?.name ?? "" },
  };
}
