// Vietnamese strings of the certificates screens (the source; certificates.en.ts mirrors its keys).
export const certificatesVi = {
  title: "certificates",
};
