import type { Widen } from "../widen";
import type { auditVi } from "./audit.vi";

export const auditEn: Widen<typeof auditVi> = {
  title: "",
};
