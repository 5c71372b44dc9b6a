// The parts of an order page that the buyer's, the producer's and the operator's pages share: the
// heading, the items, the delivery address, the refunds and the history. What a viewer may see is
// decided by its loader; these only lay out what they are given.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { OrderStatus } from "~/modules/orders/order-state";
import type {
  DeliveryView,
  OrderEventView,
  OrderItemView,
  RefundView,
} from "~/modules/orders/order-views.server";
import { formatDateTime, formatVnd } from "~/utils/format";
import { useLang } from "~/utils/use-lang";

export function OrderStatusPill({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`pill order-status order-status-${status.toLowerCase()}`}>
      {t(`orders.status.${status}`)}
    </span>
  );
}

/** One order in a list; `children` is the line of facts under the code. */
export function OrderRow({
  code,
  href,
  status,
  totalVnd,
  summary,
  children,
}: {
  code: string;
  href: string;
  status: OrderStatus;
  totalVnd: number;
  /** What was ordered, on a line of its own (the desks' lists). */
  summary?: string;
  children: ReactNode;
}) {
  return (
    <li className="card order-row">
      <Link to={href} className="order-row-code">
        {code}
      </Link>
      <OrderStatusPill status={status} />
      <span className="meta">{children}</span>
      {summary !== undefined ? <span>{summary}</span> : null}
      <strong>{formatVnd(totalVnd)}</strong>
    </li>
  );
}

/** The order's title and status; `children` is the line of facts beside the status. */
export function OrderHeading({
  code,
  status,
  children,
}: {
  code: string;
  status: OrderStatus;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("orders.order", { code })}</h1>
      <p className="order-head">
        <OrderStatusPill status={status} /> <span className="meta">{children}</span>
      </p>
    </>
  );
}

/**
 * The items with their lots. The buyer's page links each product and gives the lot a line of its
 * own ("own-line", saying so when there is none); the desks keep the lot on the item's line.
 */
export function OrderItems({
  items,
  linkProducts = false,
  lot,
  children,
}: {
  items: readonly OrderItemView[];
  linkProducts?: boolean;
  lot: "own-line" | "link" | "text";
  /** The totals under the list. */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="items-title">
      <h2 id="items-title">{t("orders.items.title")}</h2>
      <ul className="order-items">
        {items.map((item) => (
          <li key={item.id}>
            {linkProducts ? <a href={item.productHref}>{item.name}</a> : item.name}{" "}
            <span className="meta">({item.unit})</span>
            <br />
            <span>
              {item.quantity} × {formatVnd(item.priceVnd)} = <strong>{formatVnd(item.lineVnd)}</strong>
            </span>
            <ItemLot item={item} lot={lot} />
          </li>
        ))}
      </ul>
      {children}
    </section>
  );
}

function ItemLot({ item, lot }: { item: OrderItemView; lot: "own-line" | "link" | "text" }) {
  const { t } = useTranslation();
  const label = t("orders.items.trace", { lot: item.lot });
  if (lot === "own-line")
    return (
      <>
        <br />
        {item.traceHref ? (
          <a href={item.traceHref} className="meta">
            {label}
          </a>
        ) : (
          <span className="meta">{t("orders.items.noBatch")}</span>
        )}
      </>
    );
  if (!item.lot || !item.traceHref) return null;
  return lot === "link" ? (
    <>
      {" · "}
      <a href={item.traceHref} className="meta">
        {label}
      </a>
    </>
  ) : (
    <span className="meta"> · {label}</span>
  );
}

/** The total on one line, with what was refunded of it (the desks' pages). */
export function OrderTotal({ totalVnd, refundedVnd }: { totalVnd: number; refundedVnd: number }) {
  const { t } = useTranslation();
  return (
    <p className="order-total">
      {t("orders.items.total")}: <strong>{formatVnd(totalVnd)}</strong>
      {refundedVnd > 0 ? ` · ${t("orders.items.refunded")}: ${formatVnd(refundedVnd)}` : ""}
    </p>
  );
}

/** The refunds, if any; `details` adds VNPay's response code and the reason (the operator's page). */
export function RefundList({
  refunds,
  heading = false,
  details = false,
}: {
  refunds: readonly RefundView[];
  heading?: boolean;
  details?: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  if (refunds.length === 0) return null;
  return (
    <>
      {heading ? <h3>{t("orders.refunds.title")}</h3> : null}
      <ul>
        {refunds.map((r) => (
          <li key={r.id}>
            {t("orders.refunds.line", {
              amount: formatVnd(r.amountVnd),
              status: t(`orders.refunds.status.${r.status}`),
              time: formatDateTime(r.at, lang),
            })}
            {details ? (
              <>
                {r.responseCode ? ` · ${r.responseCode}` : ""} · <span className="prewrap">{r.reason}</span>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * Where the order goes. The producer's page labels the phone (they call before shipping), the
 * operator's shows the email too and leaves out the buyer's note; the buyer sees their note muted.
 */
export function DeliveryAddress({
  title,
  delivery,
  shippingNote,
  labelPhone = false,
  showEmail = false,
  note,
}: {
  title: string;
  delivery: DeliveryView;
  shippingNote: string | null;
  labelPhone?: boolean;
  showEmail?: boolean;
  note: "muted" | "plain" | "hidden";
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="delivery-title">
      <h2 id="delivery-title">{title}</h2>
      <address className="order-address">
        {delivery.name} ·{" "}
        {labelPhone ? t("orders.producer.phone", { phone: delivery.phone }) : delivery.phone}
        {showEmail && delivery.email ? ` · ${delivery.email}` : ""}
        <br />
        {delivery.street}, {delivery.commune}, {delivery.province}
      </address>
      {delivery.note && note !== "hidden" ? (
        <p className={note === "muted" ? "meta prewrap" : "prewrap"}>
          {t("orders.delivery.note", { note: delivery.note })}
        </p>
      ) : null}
      {shippingNote ? <p>{t("orders.delivery.shippingNote", { note: shippingNote })}</p> : null}
    </section>
  );
}

/** The order's history, oldest first. */
export function OrderTimeline({ events }: { events: readonly OrderEventView[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t("orders.timeline.title")}</h2>
      <ol className="order-timeline">
        {events.map((e) => (
          <li key={e.id}>
            <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time>{" "}
            <strong>{t(`orders.status.${e.to}`)}</strong>{" "}
            <span className="meta">
              {t("orders.timeline.by", {
                actor: t(`orders.actors.${e.actorRole}`, { defaultValue: e.actorRole }),
              })}
            </span>
            {e.note ? <p className="prewrap">{e.note}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
