import type { Widen } from "../widen";
import type { reviewsVi } from "./reviews.vi";

export const reviewsEn: Widen<typeof reviewsVi> = {
  title: "",
};
