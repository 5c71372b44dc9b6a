export const notificationsVi = {
  title: "",
};
