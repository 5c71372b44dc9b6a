export const statisticsVi = {
  title: "",
};
