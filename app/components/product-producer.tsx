// The producer card of the product page: public business information only (name, kind, commune,
// province, description, logo), never a phone number, bank account or representative.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ProducerKind } from "~/generated/prisma/enums";

export interface ProducerCardData {
  name: string;
  kind: ProducerKind;
  place: string;
  description: string | null;
  logo: string | null;
  href: string;
}

export function ProducerCard({ producer }: { producer: ProducerCardData }) {
  const { t } = useTranslation();
  return (
    <section className="card pp-producer" aria-labelledby="pp-producer">
      <h2 id="pp-producer">{t("productPage.producer")}</h2>
      <div className="producer-head">
        {producer.logo ? <img className="logo" src={producer.logo} alt="" width={48} height={48} /> : null}
        <div>
          <Link to={producer.href}>{producer.name}</Link>
          <p className="meta">
            {t(`producer.kinds.${producer.kind}`)} · {producer.place}
          </p>
        </div>
      </div>
      {producer.description ? <p className="pp-clamp">{producer.description}</p> : null}
      <p>
        <Link to={producer.href}>{t("productPage.producerLink")} →</Link>
      </p>
    </section>
  );
}
