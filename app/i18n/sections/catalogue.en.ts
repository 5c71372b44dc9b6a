import type { Widen } from "../widen";
import type { catalogueVi } from "./catalogue.vi";

export const catalogueEn: Widen<typeof catalogueVi> = {
  title: "",
};
