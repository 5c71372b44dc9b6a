// Vietnamese strings of the inbox and of every notice (in the portal and by mail); the source of
// notifications.en.ts. A notice's text is `kinds.<kind>.title|body`, filled by noticeText().
export const notificationsVi = {
  title: "Thông báo",
  lead: "Tin về đơn hàng, hồ sơ sản phẩm và giấy chứng nhận liên quan đến bạn. Nếu tài khoản có email, bạn cũng nhận được thư.",
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
    orderNewPaid: {
      title: "Đơn hàng mới đã thanh toán: {{code}}",
      body: "Đơn hàng {{code}} trị giá {{total}} đã được thanh toán qua VNPay. Hãy xác nhận đơn, chuẩn bị hàng và giao cho người mua.",
    },
    orderNewCod: {
      title: "Đơn hàng mới, trả tiền khi nhận: {{code}}",
      body: "Bạn có đơn hàng mới {{code}} trị giá {{total}}; người mua trả tiền mặt khi nhận hàng. Hãy xác nhận đơn nếu bạn giao được, hoặc huỷ đơn và ghi rõ lý do.",
    },
    orderNewTransfer: {
      title: "Đơn hàng mới chờ chuyển khoản: {{code}}",
      body: "Bạn có đơn hàng mới {{code}} trị giá {{total}}. Người mua sẽ chuyển khoản vào tài khoản ngân hàng của cơ sở với nội dung {{code}}. Khi nhận được tiền, hãy bấm “Đã nhận tiền chuyển khoản” trong đơn hàng.",
    },
    orderCancelledProducer: {
      title: "Đơn hàng đã bị huỷ: {{code}}",
      body: "Đơn hàng {{code}} đã bị huỷ; số hàng đã giữ cho đơn được trả lại kho. {{reasonText}}",
    },
    orderRefundedProducer: {
      title: "Đơn hàng được hoàn tiền: {{code}}",
      body: "Đơn hàng {{code}} đã được hoàn {{amount}} cho người mua qua VNPay.",
    },
    orderPlaced: {
      title: "Đã nhận đơn hàng {{code}}",
      body: "Cảm ơn bạn đã đặt hàng của {{producer}}. Đơn hàng {{code}} trị giá {{total}} đã được ghi nhận. Hãy mở đơn hàng để theo dõi và xem cách thanh toán.",
    },
    orderPaid: {
      title: "Đã thanh toán đơn hàng {{code}}",
      body: "Đơn hàng {{code}} trị giá {{total}} đã được thanh toán. Cơ sở sản xuất sẽ xác nhận và chuẩn bị hàng cho bạn.",
    },
    orderConfirmed: {
      title: "Đơn hàng đã được xác nhận: {{code}}",
      body: "Cơ sở sản xuất đã xác nhận đơn hàng {{code}} và đang chuẩn bị hàng cho bạn.",
    },
    orderShipped: {
      title: "Đơn hàng đang được giao: {{code}}",
      body: "Đơn hàng {{code}} đã được gửi cho đơn vị vận chuyển. Xem thông tin vận chuyển trong đơn hàng.",
    },
    orderDelivered: {
      title: "Đơn hàng đã được giao: {{code}}",
      body: "Đơn hàng {{code}} đã được giao. Nếu bạn đã nhận đủ hàng, hãy bấm “Hoàn tất đơn hàng” trong đơn.",
    },
    orderCancelled: {
      title: "Đơn hàng đã bị huỷ: {{code}}",
      body: "Đơn hàng {{code}} đã bị huỷ. {{reasonText}} Nếu bạn đã chuyển khoản cho đơn này, cơ sở sản xuất sẽ hoàn lại tiền cho bạn.",
    },
    orderExpired: {
      title: "Đơn hàng hết hạn thanh toán: {{code}}",
      body: "Đơn hàng {{code}} đã hết hạn vì chưa được thanh toán đúng hạn; hàng giữ cho bạn đã được trả lại. Bạn có thể đặt hàng lại trên Cổng OCOP.",
    },
    orderRefunded: {
      title: "Đơn hàng được hoàn tiền: {{code}}",
      body: "Cổng OCOP đã hoàn {{amount}} cho đơn hàng {{code}} qua VNPay. Tiền về tài khoản của bạn theo thời gian xử lý của ngân hàng.",
    },
  },
};
