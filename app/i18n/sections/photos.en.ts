import type { photosVi } from "./photos.vi";
import type { Widen } from "../widen";

export const photosEn: Widen<typeof photosVi> = {
  title: "photos",
};
