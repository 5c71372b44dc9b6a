import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listProducersOfUser } from "~/modules/products/products.server";
import { requireRole } from "~/utils/auth.server";
import { formatVnd } from "~/utils/format";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "PRODUCER");
  return { producers: await listProducersOfUser(user.id) };
}

export default function ProducerWorkspace() {
  const { producers } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("nav.producer")}</h1>
      <p>{t("workspace.producerLead")}</p>
      {producers.length === 0 ? <p className="card">{t("workspace.producerNone")}</p> : null}
      {producers.map((producer) => (
        <section key={producer.id}>
          <h2>{producer.name}</h2>
          <table className="table">
            <tbody>
              {producer.products.map((product) => (
                <tr key={product.id}>
                  <td>{product.name}</td>
                  <td>
                    {formatVnd(product.priceVnd)} / {product.unit}
                  </td>
                  <td>
                    <span className="pill">{t(`status.${product.status}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}
