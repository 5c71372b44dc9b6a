import type { importsVi } from "./imports.vi";
import type { Widen } from "../widen";

export const importsEn: Widen<typeof importsVi> = {
  title: "imports",
};
