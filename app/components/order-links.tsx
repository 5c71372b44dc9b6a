// The orders of one checkout with their private links (placed page, VNPay return page).
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatVnd } from "~/utils/format";

export function OrderLinks({
  orders,
}: {
  orders: { code: string; totalVnd: number; producer: string; href: string }[];
}) {
  const { t } = useTranslation();
  return (
    <ul className="placed-orders">
      {orders.map((o) => (
        <li key={o.code} className="card">
          <h2>{t("placed.order", { code: o.code })}</h2>
          <p>
            {o.producer} · {formatVnd(o.totalVnd)}
          </p>
          <Link to={o.href}>{t("placed.follow")}</Link>
        </li>
      ))}
    </ul>
  );
}
