export const productPageVi = {
  title: "",
};
