// Search URLs of the benchmark, in three classes: words as people type them (with and without
// diacritics), typos, and filtered searches (province, OCOP stars, group, price).
export type SearchClass = "words" | "typos" | "filters";

const WORDS = [
  "ca phe dak mil",
  "cà phê đắk mil",
  "cà phê",
  "ca phe robusta",
  "cà phê arabica",
  "mật ong",
  "mat ong bac ha",
  "mật ong rừng",
  "nước mắm phú quốc",
  "nuoc mam",
  "gạo st25",
  "gao tam thom",
  "sầu riêng ri6",
  "sau rieng",
  "hạt điều rang muối",
  "hat dieu",
  "hồ tiêu",
  "tieu den",
  "mắc ca",
  "chè shan tuyết",
  "tra xanh",
  "bưởi da xanh",
  "xoai cat hoa loc",
  "vải thiều",
  "hạt dẻ trùng khánh",
  "kẹo dừa",
  "cha muc",
  "trà atiso",
  "sâm ngọc linh",
  "gốm men lam",
  "may tre dan",
  "thổ cẩm",
  "lâm đồng",
];

const TYPOS = [
  "ca phee dak mil",
  "mât ong",
  "sau rieg",
  "nuoc mam phu quco",
  "gao st 25",
  "hat dieuu",
  "tra xan",
  "mac ka",
  "che san tuyet",
  "banh trangg",
];

const FILTERS = [
  "q=ca+phe&province=68&stars=4",
  "q=ca+phe+dak+mil&province=68&stars=4",
  "q=mat+ong&province=08",
  "q=nuoc+mam&stars=4",
  "province=68&stars=4",
  "province=66",
  "stars=5",
  "group=HERBAL&stars=3",
  "q=gao&min=30000&max=200000&sort=price-asc",
  "q=sau+rieng&stock=1&sort=newest",
];

const plain = (q: string) => `/tim-kiem?q=${encodeURIComponent(q).replaceAll("%20", "+")}`;

export const SEARCH_URLS: Record<SearchClass, string[]> = {
  words: WORDS.map(plain),
  typos: TYPOS.map(plain),
  filters: FILTERS.map((query) => `/tim-kiem?${query}`),
};
