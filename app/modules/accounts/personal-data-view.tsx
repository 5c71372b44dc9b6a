// The readable twin of the JSON copy: one generic renderer over the same object, so the page can
// never show less (or other) than the file. Labels come from personalData.data.fields.
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { auditActionLabel, auditRoleLabel, auditTargetLabel } from "~/modules/audit/labels";
import { formatDateTime, formatVnd } from "~/utils/format";
import type { Locale } from "~/utils/i18n";
import { useLang } from "~/utils/use-lang";

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
// Free-form records (a notice's values, an audit record's details): shown as they are stored.
const FREE_FORM = new Set(["params", "details", "summary"]);
const META = new Set(["format", "generatedAt"]);

function label(t: TFunction, key: string, value: string): string {
  switch (key) {
    case "role":
      return t(`roles.${value}`, { defaultValue: value });
    case "status":
    case "from":
    case "to":
      return t(`orders.status.${value}`, { defaultValue: value });
    case "method":
      return t(`producer.methods.${value}`, { defaultValue: value });
    case "paymentMethod":
      return t(`orders.methods.${value}`, { defaultValue: value });
    case "businessKind":
      return t(`producer.kinds.${value}`, { defaultValue: value });
    case "scope":
      return t(`producer.scopes.${value}`, { defaultValue: value });
    case "language":
      return value === "en" ? "English" : "Tiếng Việt";
    case "action":
      return auditActionLabel(t, value);
    case "by":
      return auditRoleLabel(t, value);
    case "targetType":
      return auditTargetLabel(t, value);
    default:
      return value;
  }
}

function Value({ name, value, t, lang }: { name: string; value: unknown; t: TFunction; lang: Locale }) {
  if (value === null || value === undefined || value === "") return <>{t("personalData.data.empty")}</>;
  if (typeof value === "boolean") return <>{t(value ? "personalData.data.yes" : "personalData.data.no")}</>;
  if (typeof value === "number") return <>{name.endsWith("Vnd") ? formatVnd(value) : String(value)}</>;
  if (typeof value === "string") {
    if (ISO_INSTANT.test(value)) return <time dateTime={value}>{formatDateTime(value, lang)}</time>;
    return <>{label(t, name, value)}</>;
  }
  if (FREE_FORM.has(name)) return <code>{JSON.stringify(value)}</code>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <>{t("personalData.data.none")}</>;
    if (value.every((v) => v === null || typeof v !== "object"))
      return <>{value.map((v) => label(t, name, String(v))).join(", ")}</>;
    return (
      <ol className="producer-list">
        {value.map((item, i) => (
          <li key={i} className="card">
            <Value name={name} value={item} t={t} lang={lang} />
          </li>
        ))}
      </ol>
    );
  }
  if (typeof value !== "object") return <>{String(value)}</>;
  return (
    <dl className="order-facts">
      {Object.entries(value).map(([key, inner]) => (
        <div key={key}>
          <dt>{t(`personalData.data.fields.${key}`, { defaultValue: key })}</dt>
          <dd>
            <Value name={key} value={inner} t={t} lang={lang} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Every section of the copy, in the file's order, each under its heading; empty ones named last. */
export function PersonalDataView({ data }: { data: Record<string, unknown> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const sections = Object.entries(data).filter(([key]) => !META.has(key));
  const isEmpty = (value: unknown) => Array.isArray(value) && value.length === 0;
  const title = (key: string) => t(`personalData.data.sections.${key}`, { defaultValue: key });
  const empty = sections.filter(([, value]) => isEmpty(value)).map(([key]) => title(key));
  return (
    <>
      {sections
        .filter(([, value]) => !isEmpty(value))
        .map(([key, value]) => (
          <section key={key} id={key}>
            <h2>{title(key)}</h2>
            {Array.isArray(value) ? (
              <Value name={key} value={value} t={t} lang={lang} />
            ) : (
              <div className="card">
                <Value name={key} value={value} t={t} lang={lang} />
              </div>
            )}
          </section>
        ))}
      {empty.length ? (
        <p className="meta" id="empty-sections">
          {t("personalData.data.emptySections", { sections: empty.join(", ") })}
        </p>
      ) : null}
    </>
  );
}
