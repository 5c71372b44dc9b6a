// A virtual buyer of scripts/bench/load.ts: what a phone browser without JavaScript does to buy one
// product and pay it through VNPay (the project's simulator): plain form posts, redirects followed
// by hand, its own cookies (cart, flash, remembered checkouts), an Origin header on every request
// (the app refuses a POST without one). Every step's time is kept; a checkout fails at the first
// answer that is not the expected one.
import { BROWSER_HEADERS } from "./load";
import type { Random } from "./random";

export const CHECKOUT_STEPS = [
  { key: "product", label: "product page `GET /san-pham/…`", page: true },
  { key: "add", label: "add to cart `POST /gio-hang` → 302", page: false },
  { key: "cart", label: "cart `GET /gio-hang`", page: true },
  { key: "form", label: "checkout form `GET /dat-hang`", page: true },
  { key: "province", label: "province chosen `POST /dat-hang` (intent=province) → 200", page: false },
  { key: "place", label: "order placed `POST /dat-hang` (intent=place) → 303 to VNPay", page: false },
  { key: "gateway", label: "VNPay's payment page (simulator) `GET`", page: false },
  { key: "pay", label: "“Pay” on VNPay (simulator: its IPN to the app, then 302 back)", page: false },
  { key: "return", label: "return page `GET /payments/vnpay/return` (shows “paid”)", page: true },
] as const;
export type StepKey = (typeof CHECKOUT_STEPS)[number]["key"];
/** Steps answered by the simulator, not the app: reported, but not counted as the app's requests. */
export const SIMULATOR_STEPS: readonly StepKey[] = ["gateway"];

export interface Goods {
  productId: string;
  path: string;
}

export interface Address {
  provinceCode: string;
  communeCode: string;
}

export interface CheckoutRecord {
  ok: boolean;
  /** The step that failed, and what came back. */
  failed?: { step: StepKey; reason: string };
  productId: string;
  /** Set once the order was placed (the payment URL carries it). */
  txnRef?: string;
  steps: Partial<Record<StepKey, number>>;
  totalMs: number;
}

/** The cookies a browser would keep for the app's origin (attributes other than expiry ignored). */
export class CookieJar {
  private cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const at = pair.indexOf("=");
      if (at <= 0) continue;
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((a) => {
        const [key = "", v = ""] = a.trim().split("=");
        if (key.toLowerCase() === "max-age") return Number(v) <= 0;
        if (key.toLowerCase() === "expires") return Date.parse(v) <= Date.now();
        return false;
      });
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

class StepFailure extends Error {
  constructor(
    readonly step: StepKey,
    reason: string,
  ) {
    super(reason);
  }
}

export interface BuyerContext {
  /** The app, e.g. http://127.0.0.1:3990. */
  origin: string;
  /** Where the app sends buyers to pay (the simulator's VNPAY_PAY_URL). */
  payUrl: string;
  jar: CookieJar;
  random: Random;
  goods: readonly Goods[];
  addresses: readonly Address[];
  /** Per request, before it counts as failed. */
  timeoutMs: number;
  /** Tells buyers apart in their names and phone numbers. */
  buyer: number;
}

/** One checkout, from the product page to the return page. */
export async function buyOnce(ctx: BuyerContext, n: number): Promise<CheckoutRecord> {
  const { origin, jar, random } = ctx;
  const goods = random.pick(ctx.goods);
  const address = random.pick(ctx.addresses);
  const record: CheckoutRecord = { ok: false, productId: goods.productId, steps: {}, totalMs: 0 };
  const started = performance.now();

  /** One request; its time (answer and body) goes to the step; cookies kept for the app only. */
  async function request(
    step: StepKey,
    url: string,
    init: { method?: "GET" | "POST"; form?: Record<string, string> } = {},
  ): Promise<{ response: Response; body: string }> {
    const target = new URL(url, origin);
    const app = target.origin === origin;
    const headers: Record<string, string> = {
      ...BROWSER_HEADERS,
      // A browser sends its page's origin: the app's, or the gateway's for the gateway's own form.
      origin: init.method === "POST" && !app ? target.origin : origin,
    };
    if (app && jar.header()) headers.cookie = jar.header();
    if (init.form) headers["content-type"] = "application/x-www-form-urlencoded";
    const at = performance.now();
    try {
      const response = await fetch(target, {
        method: init.method ?? "GET",
        headers,
        body: init.form ? new URLSearchParams(init.form).toString() : undefined,
        redirect: "manual",
        signal: AbortSignal.timeout(ctx.timeoutMs),
      });
      const body = await response.text();
      record.steps[step] = performance.now() - at;
      if (app) jar.store(response);
      return { response, body };
    } catch (error) {
      record.steps[step] = performance.now() - at;
      throw new StepFailure(step, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    }
  }
  const expect = (step: StepKey, ok: boolean, response: Response, what: string) => {
    if (!ok) throw new StepFailure(step, `${response.status}${what ? `, ${what}` : ""}`);
  };
  const location = (response: Response) => response.headers.get("location") ?? "";

  try {
    const product = await request("product", goods.path);
    expect("product", product.response.status === 200, product.response, "");
    expect("product", product.body.includes(goods.productId), product.response, "no add-to-cart form");

    const add = await request("add", "/gio-hang", {
      method: "POST",
      form: { intent: "add", productId: goods.productId, quantity: "1", back: "/gio-hang" },
    });
    expect(
      "add",
      [302, 303].includes(add.response.status) && location(add.response).endsWith("/gio-hang"),
      add.response,
      location(add.response) || add.body.slice(0, 120),
    );

    const cart = await request("cart", "/gio-hang");
    expect("cart", cart.response.status === 200, cart.response, "");

    const form = await request("form", "/dat-hang");
    expect("form", form.response.status === 200, form.response, location(form.response));

    const fields = {
      name: `Người mua thử tải ${ctx.buyer}-${n}`,
      phone: `09${String(random.int(0, 99_999_999)).padStart(8, "0")}`,
      email: `buyer${ctx.buyer}-${n}@bench-load.test`,
      province: address.provinceCode,
      street: `Số ${random.int(1, 300)} đường Thử Tải`,
      method: "VNPAY",
    };
    const province = await request("province", "/dat-hang", {
      method: "POST",
      form: { ...fields, intent: "province" },
    });
    expect(
      "province",
      province.response.status === 200 && province.body.includes(`value="${address.communeCode}"`),
      province.response,
      "the province's communes not listed",
    );

    const place = await request("place", "/dat-hang", {
      method: "POST",
      form: { ...fields, commune: address.communeCode, intent: "place" },
    });
    const payment = location(place.response);
    expect(
      "place",
      place.response.status === 303 && payment.startsWith(ctx.payUrl),
      place.response,
      payment || place.body.replace(/\s+/g, " ").slice(0, 160),
    );
    record.txnRef = new URL(payment).searchParams.get("vnp_TxnRef") ?? undefined;

    const gateway = await request("gateway", payment);
    expect("gateway", gateway.response.status === 200, gateway.response, gateway.body.slice(0, 160));

    const pay = await request("pay", payment, { method: "POST", form: { form: "1", action: "pay" } });
    const back = location(pay.response);
    expect(
      "pay",
      pay.response.status === 302 && back.startsWith(`${origin}/payments/vnpay/return`),
      pay.response,
      back || pay.body.slice(0, 160),
    );

    const returned = await request("return", back);
    expect("return", returned.response.status === 200, returned.response, "");
    // The page shows the database's state, which only the IPN changes: "paid" means it was settled.
    expect("return", returned.body.includes("flash-success"), returned.response, "not shown as paid");
    record.ok = true;
  } catch (error) {
    if (!(error instanceof StepFailure)) throw error;
    record.failed = { step: error.step, reason: error.message };
  }
  record.totalMs = performance.now() - started;
  return record;
}
