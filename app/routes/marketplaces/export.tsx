// Placeholder: the operators' marketplace pages (issue 7) fill this in.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR");
  throw new Response("Not found", { status: 404 });
}

export default function Placeholder() {
  return null;
}
