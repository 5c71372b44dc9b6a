export const catalogueVi = {
  title: "",
};
