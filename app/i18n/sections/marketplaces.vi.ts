// Vietnamese strings of the operators' marketplace pages; marketplaces.en.ts mirrors its keys.
export const marketplacesVi = {
  title: "Đồng bộ sàn TMĐT",
};
