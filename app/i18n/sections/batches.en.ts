import type { batchesVi } from "./batches.vi";
import type { Widen } from "../widen";

export const batchesEn: Widen<typeof batchesVi> = {
  title: "batches",
};
