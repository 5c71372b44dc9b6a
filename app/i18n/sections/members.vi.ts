// Vietnamese strings of the members screen (the source; members.en.ts mirrors its keys).
export const membersVi = {
  title: "Thành viên cơ sở",
  lead: "Những tài khoản được quản lý cơ sở này. Chủ cơ sở thêm hoặc bớt thành viên.",
  owner: "Chủ cơ sở",
  staff: "Nhân viên",
  since: "từ {{date}}",
  addTitle: "Thêm thành viên",
  addLead: "Người được thêm cần có sẵn tài khoản “Chủ thể sản xuất” trên Cổng OCOP.",
  identifier: "Số điện thoại hoặc email của tài khoản",
  asOwner: "Cũng là chủ cơ sở (được quản lý thành viên)",
  add: "Thêm",
  remove: "Bỏ khỏi cơ sở",
  added: "Đã thêm thành viên.",
  removed: "Đã bỏ thành viên.",
  errors: {
    notOwner: "Chỉ chủ cơ sở mới thêm hoặc bớt thành viên.",
    noAccount: "Không có tài khoản nào với số điện thoại hoặc email này.",
    notProducer: "Tài khoản này không phải tài khoản “Chủ thể sản xuất”.",
    already: "Người này đã là thành viên.",
    lastOwner: "Không thể bỏ chủ cơ sở cuối cùng.",
    notMember: "Người này không còn là thành viên.",
  },
};
