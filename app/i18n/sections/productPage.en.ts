import type { Widen } from "../widen";
import type { productPageVi } from "./productPage.vi";

export const productPageEn: Widen<typeof productPageVi> = {
  title: "",
};
