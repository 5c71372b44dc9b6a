export const auditVi = {
  title: "",
};
