import type { Widen } from "../widen";
import type { notificationsVi } from "./notifications.vi";

export const notificationsEn: Widen<typeof notificationsVi> = {
  title: "",
};
