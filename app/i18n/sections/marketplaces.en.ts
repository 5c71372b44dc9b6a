import type { Widen } from "../widen";
import type { marketplacesVi } from "./marketplaces.vi";

export const marketplacesEn: Widen<typeof marketplacesVi> = {
  title: "Marketplace sync",
};
