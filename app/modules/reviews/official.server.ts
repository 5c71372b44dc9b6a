import { requireRole } from "~/utils/auth.server";

/**
 * The signed-in official and the province they act in. An official without a province has no
 * scope, so sees nothing rather than everything.
 */
export async function requireOfficial(request: Request) {
  const user = await requireRole(request, "OFFICIAL");
  if (!user.provinceCode) throw new Response("Forbidden", { status: 403 });
  return { id: user.id, name: user.name, provinceCode: user.provinceCode, role: "OFFICIAL" as const };
}
