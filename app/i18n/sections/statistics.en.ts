import type { Widen } from "../widen";
import type { statisticsVi } from "./statistics.vi";

export const statisticsEn: Widen<typeof statisticsVi> = {
  title: "",
};
