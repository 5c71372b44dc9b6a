import type { certificatesVi } from "./certificates.vi";
import type { Widen } from "../widen";

export const certificatesEn: Widen<typeof certificatesVi> = {
  title: "certificates",
};
