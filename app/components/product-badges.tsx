// Certificate badges of the product page (only certificates in force have one): each opens the
// certificate's details and status on the certificates page.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { CertificateKind } from "~/modules/certificates/status";

export interface Badge {
  id: string;
  kind: CertificateKind;
  ocopStars: number | null;
  href: string;
}

export function CertificateBadges({ badges }: { badges: readonly Badge[] }) {
  const { t } = useTranslation();
  if (badges.length === 0) return <p className="meta">{t("productPage.noCertificates")}</p>;
  return (
    <ul className="pp-badges">
      {badges.map((b) => {
        const kind = t(`certificates.kinds.${b.kind}`);
        return (
          <li key={b.id}>
            <Link
              to={b.href}
              className={b.kind === "OCOP" ? "pp-badge pp-badge-ocop" : "pp-badge"}
              title={t("productPage.badgeTitle", { kind })}
            >
              {kind}
              {b.kind === "OCOP" && b.ocopStars ? (
                <>
                  <span aria-hidden="true">{"★".repeat(b.ocopStars)}</span>
                  <span className="visually-hidden">{t("stars", { count: b.ocopStars })}</span>
                </>
              ) : null}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
