// Vietnamese strings of the batches screens (the source; batches.en.ts mirrors its keys).
export const batchesVi = {
  title: "batches",
};
