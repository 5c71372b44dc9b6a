// Vietnamese strings of the imports screens (the source; imports.en.ts mirrors its keys).
export const importsVi = {
  title: "imports",
};
