// Vietnamese strings of the photos screens (the source; photos.en.ts mirrors its keys).
export const photosVi = {
  title: "photos",
};
