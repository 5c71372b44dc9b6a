import { producerVi } from "./sections/producer.vi";
import { productsVi } from "./sections/products.vi";
import { membersVi } from "./sections/members.vi";
import { photosVi } from "./sections/photos.vi";
import { certificatesVi } from "./sections/certificates.vi";
import { batchesVi } from "./sections/batches.vi";
import { importsVi } from "./sections/imports.vi";
import { reviewsVi } from "./sections/reviews.vi";
import { notificationsVi } from "./sections/notifications.vi";
import { auditVi } from "./sections/audit.vi";
import { statisticsVi } from "./sections/statistics.vi";
import { catalogueVi } from "./sections/catalogue.vi";
import { productPageVi } from "./sections/productPage.vi";
import { checkoutVi } from "./sections/checkout.vi";
import { ordersVi } from "./sections/orders.vi";
import { marketplacesVi } from "./sections/marketplaces.vi";
import { personalDataVi } from "./sections/personalData.vi";
import type { Widen } from "./widen";

// Vietnamese is the default language; en.ts must have exactly the same keys (typed).
export const vi = {
  app: {
    name: "Cổng OCOP",
    tagline: "Sản phẩm OCOP và nông sản có truy xuất nguồn gốc",
    skipToContent: "Bỏ qua, đến nội dung chính",
  },
  nav: {
    home: "Trang chủ",
    login: "Đăng nhập",
    signup: "Đăng ký",
    logout: "Đăng xuất",
    account: "Tài khoản",
    menu: "Menu",
    language: "Ngôn ngữ",
    producer: "Sản phẩm của tôi",
    helper: "Hỗ trợ chủ thể",
    review: "Duyệt hồ sơ",
    operator: "Đồng bộ sàn TMĐT",
    admin: "Quản trị",
    buyer: "Đơn hàng của tôi",
  },
  roles: {
    PRODUCER: "Chủ thể sản xuất",
    HELPER: "Tổ công nghệ số cộng đồng",
    OFFICIAL: "Cán bộ Sở Công Thương",
    OPERATOR: "Vận hành sàn",
    BUYER: "Người mua",
    ADMIN: "Quản trị viên",
  },
  home: {
    title: "Sản phẩm OCOP, rõ nguồn gốc",
    lead: "Hợp tác xã và hộ sản xuất đưa sản phẩm lên mạng, Sở Công Thương duyệt, người mua quét mã QR để biết hàng từ đâu.",
    featured: "Sản phẩm nổi bật",
    productCount_other: "{{count}} sản phẩm đã được duyệt",
    empty: "Chưa có sản phẩm nào được duyệt.",
    by: "của {{producer}}",
    welcome: "Xin chào, {{name}}",
    yourWork: "Công việc của bạn",
  },
  stars_other: "{{count}} sao OCOP",
  fields: {
    identifier: "Số điện thoại hoặc email",
    identifierHint: "Ví dụ: 0912 345 678 hoặc ten@email.vn",
    name: "Họ và tên",
    email: "Email",
    phone: "Số điện thoại",
    password: "Mật khẩu",
    passwordHint: "Ít nhất 10 ký tự. Nên dùng một câu dễ nhớ.",
    newPassword: "Mật khẩu mới",
    confirmPassword: "Nhập lại mật khẩu",
    remember: "Ghi nhớ đăng nhập trên máy này",
    role: "Vai trò",
    province: "Tỉnh/thành phố",
  },
  auth: {
    loginTitle: "Đăng nhập",
    loginSubmit: "Đăng nhập",
    noAccount: "Chưa có tài khoản?",
    signupTitle: "Tạo tài khoản",
    signupLead: "Dùng số điện thoại hoặc email. Bạn có thể thêm thông tin cơ sở sản xuất sau.",
    signupAs: "Tôi là",
    signupSubmit: "Tạo tài khoản",
    haveAccount: "Đã có tài khoản?",
    forgotLink: "Quên mật khẩu?",
    forgotTitle: "Quên mật khẩu",
    forgotLead:
      "Nhập email hoặc số điện thoại của tài khoản. Chúng tôi sẽ gửi một đường dẫn đặt lại mật khẩu, dùng được một lần trong 30 phút.",
    forgotSubmit: "Gửi đường dẫn",
    forgotSent: "Nếu tài khoản tồn tại, đường dẫn đặt lại mật khẩu đã được gửi. Hãy kiểm tra hộp thư.",
    resetTitle: "Đặt mật khẩu mới",
    resetSubmit: "Lưu mật khẩu mới",
    resetDone: "Đã đổi mật khẩu. Hãy đăng nhập bằng mật khẩu mới.",
    resetInvalid: "Đường dẫn đặt lại mật khẩu không hợp lệ hoặc đã hết hạn. Hãy yêu cầu đường dẫn mới.",
    loggedOut: "Bạn đã đăng xuất.",
    welcomeBack: "Chào mừng bạn quay lại!",
    accountCreated: "Đã tạo tài khoản. Chào mừng bạn!",
    consent:
      "Tôi đồng ý để Cổng OCOP xử lý dữ liệu cá nhân của tôi (tên, số điện thoại/email) để quản lý tài khoản, theo Luật Bảo vệ dữ liệu cá nhân 2025.",
    mailSubject: "Đặt lại mật khẩu Cổng OCOP",
    mailBody:
      "Xin chào {{name}},\n\nĐể đặt mật khẩu mới, mở đường dẫn sau (dùng một lần, hết hạn sau 30 phút):\n{{link}}\n\nNếu bạn không yêu cầu, hãy bỏ qua thư này.",
  },
  account: {
    title: "Tài khoản của tôi",
    signedInAs: "Đăng nhập với vai trò {{role}}",
    // Vietnamese has no plural forms; the _one key only mirrors English's shape.
    sessions_one: "{{count}} phiên đăng nhập đang hoạt động",
    sessions_other: "{{count}} phiên đăng nhập đang hoạt động",
    logoutEverywhere: "Đăng xuất khỏi mọi thiết bị",
  },
  workspace: {
    reviewLead: "Hồ sơ sản phẩm chờ duyệt tại {{province}}.",
    operatorLead: "Đẩy danh mục đã duyệt lên các sàn thương mại điện tử.",
    adminLead: "Người dùng và vai trò.",
    buyerLead: "Theo dõi đơn hàng của bạn.",
    productsByStatus: "Sản phẩm theo trạng thái",
    usersTitle: "Người dùng",
    comingSoon: "Chức năng này đang được xây dựng.",
    changeRole: "Đổi vai trò",
    save: "Lưu",
    roleChanged: "Đã cập nhật vai trò.",
  },
  status: {
    DRAFT: "Bản nháp",
    SUBMITTED: "Đã nộp",
    IN_REVIEW: "Đang duyệt",
    APPROVED: "Đã duyệt",
    CHANGES_REQUESTED: "Cần bổ sung",
    REJECTED: "Bị từ chối",
    SUSPENDED: "Tạm ngừng",
    WITHDRAWN: "Đã rút",
  },
  errors: {
    required: "Vui lòng nhập {{field}}.",
    tooLong: "{{field}} quá dài (tối đa {{max}} ký tự).",
    identifierInvalid:
      "Số điện thoại hoặc email không đúng. Số điện thoại gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09.",
    emailInvalid: "Email không đúng định dạng.",
    phoneInvalid: "Số điện thoại không đúng: cần 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09.",
    contactRequired: "Vui lòng nhập số điện thoại hoặc email.",
    passwordShort: "Mật khẩu cần ít nhất 10 ký tự.",
    passwordLong: "Mật khẩu tối đa 128 ký tự.",
    passwordCommon: "Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác.",
    passwordMismatch: "Hai mật khẩu không khớp.",
    duplicateAccount:
      "Đã có tài khoản với số điện thoại hoặc email này. Hãy đăng nhập hoặc dùng “Quên mật khẩu”.",
    wrongCredentials: "Sai số điện thoại/email hoặc mật khẩu.",
    consentRequired: "Bạn cần đồng ý để chúng tôi xử lý dữ liệu tài khoản.",
    roleInvalid: "Vai trò không hợp lệ.",
    tooManyAttempts: "Bạn đã thử quá nhiều lần. Vui lòng đợi {{minutes}} phút rồi thử lại.",
    badRequest: "Yêu cầu không hợp lệ.",
    forbiddenTitle: "Bạn không có quyền truy cập trang này",
    forbiddenBody:
      "Trang này dành cho vai trò khác. Nếu bạn cho rằng đây là nhầm lẫn, hãy liên hệ quản trị viên.",
    notFoundTitle: "Không tìm thấy trang",
    notFoundBody: "Trang bạn tìm không tồn tại hoặc đã bị xoá.",
    serverTitle: "Đã có lỗi xảy ra",
    serverBody: "Xin lỗi, hệ thống gặp sự cố. Vui lòng thử lại sau ít phút.",
    tooManyTitle: "Quá nhiều yêu cầu",
    backHome: "Về trang chủ",
    requestId: "Mã yêu cầu: {{id}}",
  },
  producer: producerVi,
  products: productsVi,
  members: membersVi,
  photos: photosVi,
  certificates: certificatesVi,
  batches: batchesVi,
  imports: importsVi,
  reviews: reviewsVi,
  notifications: notificationsVi,
  audit: auditVi,
  statistics: statisticsVi,
  catalogue: catalogueVi,
  productPage: productPageVi,
  cart: checkoutVi.cart,
  checkout: checkoutVi.checkout,
  placed: checkoutVi.placed,
  vnpay: checkoutVi.vnpay,
  orders: ordersVi,
  marketplaces: marketplacesVi,
  personalData: personalDataVi,
};

export type Messages = Widen<typeof vi>;
