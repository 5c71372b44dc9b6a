// Vietnamese strings of the producer workspace (the source; producer.en.ts mirrors its keys).
export const producerVi = {
  title: "Cơ sở sản xuất",
  actingFor: "Bạn đang thao tác thay cho: {{name}}",
  switchProducer: "Đổi chủ thể",
  products: "Sản phẩm",
  profile: "Hồ sơ cơ sở",
  import: "Nhập từ Excel",
  helpers: "Người hỗ trợ",
};
