// Placeholder: being built (issue 3). Access is still checked so the route is never open.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireProducerAccess } from "~/modules/producers/access.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireProducerAccess(request, params.producerId);
  throw new Response("Not found", { status: 404 });
}
