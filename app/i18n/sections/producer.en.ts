import type { Widen } from "../widen";
import type { producerVi } from "./producer.vi";

export const producerEn: Widen<typeof producerVi> = {
  title: "Producer",
  actingFor: "You are acting for: {{name}}",
  switchProducer: "Switch producer",
  products: "Products",
  profile: "Business profile",
  import: "Import from Excel",
  helpers: "Helpers",
};
