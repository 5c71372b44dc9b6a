// Vietnamese strings of the inbox and of every notice (in the portal and by mail); the source of
// notifications.en.ts. A notice's text is `kinds.<kind>.title|body`, filled by noticeText().
export const notificationsVi = {
  title: "Thông báo",
  lead: "Tin về hồ sơ sản phẩm và giấy chứng nhận liên quan đến bạn. Nếu tài khoản có email, bạn cũng nhận được thư.",
  empty: "Chưa có thông báo nào.",
  unread: "Chưa đọc",
  open: "Xem",
  markRead: "Đã đọc",
  markAllRead: "Đánh dấu tất cả là đã đọc",
  allRead: "Đã đánh dấu tất cả thông báo là đã đọc.",
  next: "Thông báo cũ hơn",
  first: "Về thông báo mới nhất",
  // Vietnamese has no plural forms; the _one key only mirrors English's shape.
  unreadCount_one: "{{count}} thông báo chưa đọc",
  unreadCount_other: "{{count}} thông báo chưa đọc",
  badgeLabel: "Thông báo",
  errors: {
    notFound: "Không tìm thấy thông báo này.",
    badPage: "Liên kết trang không hợp lệ. Hãy xem lại từ thông báo mới nhất.",
  },
  // Pieces noticeText() fits into the messages below.
  reasonText: "Lý do: {{reason}}",
  ofProduct: " của sản phẩm “{{product}}”",
  causes: {
    CERTIFICATE_EXPIRED: "vì giấy chứng nhận đã hết hạn",
    CERTIFICATE_REVOKED: "vì giấy chứng nhận đã bị thu hồi",
    OFFICIAL: "theo quyết định của Sở Công Thương",
  },
  kinds: {
    productSubmitted: {
      title: "Hồ sơ mới chờ duyệt: {{product}}",
      body: "Sản phẩm “{{product}}” vừa được gửi duyệt và đang chờ cán bộ Sở Công Thương tiếp nhận.",
    },
    productAssigned: {
      title: "Bạn được giao duyệt hồ sơ: {{product}}",
      body: "Hồ sơ sản phẩm “{{product}}” đã được giao cho bạn. Hồ sơ đang chờ bạn xem xét và quyết định.",
    },
    productApproved: {
      title: "Sản phẩm đã được duyệt: {{product}}",
      body: "Chúc mừng! Sở Công Thương đã duyệt sản phẩm “{{product}}”. Sản phẩm đã hiển thị trên Cổng OCOP.",
    },
    productChangesRequested: {
      title: "Cần bổ sung hồ sơ: {{product}}",
      body: "Sở Công Thương đề nghị bổ sung, chỉnh sửa hồ sơ sản phẩm “{{product}}”. {{reasonText}} Hãy xem góp ý bên cạnh từng mục, sửa lại rồi gửi duyệt lại.",
    },
    productRejected: {
      title: "Hồ sơ không được duyệt: {{product}}",
      body: "Rất tiếc, Sở Công Thương không duyệt hồ sơ sản phẩm “{{product}}”. {{reasonText}}",
    },
    productSuspended: {
      title: "Sản phẩm tạm ngừng hiển thị: {{product}}",
      body: "Sản phẩm “{{product}}” đã tạm ngừng hiển thị trên Cổng OCOP {{causeText}}. {{reasonText}}",
    },
    productReinstated: {
      title: "Sản phẩm hiển thị trở lại: {{product}}",
      body: "Sở Công Thương đã xem xét lại và cho sản phẩm “{{product}}” hiển thị trở lại trên Cổng OCOP.",
    },
    certificateExpiring: {
      title: "Chứng nhận sắp hết hạn: {{kindLabel}} số {{number}}",
      body_one:
        "Chứng nhận {{kindLabel}} số {{number}}{{ofProduct}} hết hạn ngày {{date}} (còn {{count}} ngày). Hãy gia hạn và cập nhật chứng nhận mới để sản phẩm không bị tạm ngừng hiển thị.",
      body_other:
        "Chứng nhận {{kindLabel}} số {{number}}{{ofProduct}} hết hạn ngày {{date}} (còn {{count}} ngày). Hãy gia hạn và cập nhật chứng nhận mới để sản phẩm không bị tạm ngừng hiển thị.",
    },
    certificateExpired: {
      title: "Chứng nhận đã hết hạn: {{kindLabel}} số {{number}}",
      body: "Chứng nhận {{kindLabel}} số {{number}}{{ofProduct}} đã hết hạn ngày {{date}}. Hãy cập nhật chứng nhận còn hiệu lực rồi gửi duyệt lại để sản phẩm được hiển thị.",
    },
    certificateRevoked: {
      title: "Chứng nhận bị thu hồi: {{kindLabel}} số {{number}}",
      body: "Chứng nhận {{kindLabel}} số {{number}}{{ofProduct}} đã bị thu hồi. {{reasonText}}",
    },
  },
};
