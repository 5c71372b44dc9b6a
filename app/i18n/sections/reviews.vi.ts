export const reviewsVi = {
  title: "",
};
