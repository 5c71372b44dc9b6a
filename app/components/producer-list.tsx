import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export interface ProducerSummary {
  id: string;
  name: string;
  claimedAt: string | Date | null;
  province: { name: string };
  commune: { name: string; type: string };
  _count: { products: number };
}

export function ProducerList({ producers }: { producers: ProducerSummary[] }) {
  const { t } = useTranslation();
  return (
    <ul className="producer-list">
      {producers.map((p) => (
        <li key={p.id} className="card">
          <Link to={`/producer/${p.id}`}>
            <strong>{p.name}</strong>
          </Link>
          <p className="meta">
            {p.commune.type} {p.commune.name}, {p.province.name} ·{" "}
            {t("producer.productCount", { count: p._count.products })}
            {p.claimedAt ? "" : ` · ${t("producer.notClaimed")}`}
          </p>
        </li>
      ))}
    </ul>
  );
}
