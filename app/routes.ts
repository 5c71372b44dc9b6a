import { index, route, type RouteConfig } from "@remix-run/route-config";

// One explicit table of every URL, grouped by who uses it (see README "Routing").
export default [
  index("routes/catalogue/home.tsx"),
  // Buyers: the public catalogue (only listed products), its SEO files, and product pages.
  route("tim-kiem", "routes/catalogue/search.tsx"),
  route("danh-muc/:group", "routes/catalogue/category.tsx"),
  route("co-so/:slug", "routes/catalogue/producer.tsx"),
  route("san-pham/:slug", "routes/catalogue/product.tsx"),
  route("san-pham/:slug/chung-nhan", "routes/catalogue/product-certificates.tsx"),
  route("san-pham/:slug/og.png", "routes/catalogue/product-og-image.tsx"),
  route("robots.txt", "routes/seo/robots.tsx"),
  route("sitemap.xml", "routes/seo/sitemap-index.tsx"),
  route("sitemaps/:name", "routes/seo/sitemap.tsx"),
  // The framework floor for benchmarks: a static page through the same server and Remix stack.
  route("bench/floor", "routes/bench/floor.tsx"),

  route("login", "routes/auth/login.tsx"),
  route("signup", "routes/auth/signup.tsx"),
  route("logout", "routes/auth/logout.tsx"),
  route("forgot-password", "routes/auth/forgot-password.tsx"),
  route("reset-password/:token", "routes/auth/reset-password.tsx"),
  route("language", "routes/auth/language.tsx"),
  route("account", "routes/auth/account.tsx"),
  // Personal-data rights (Law 91/2025): a copy of one's data, consents, deleting the account.
  route("account/data", "routes/auth/account-data.tsx"),
  route("account/data.json", "routes/auth/account-data-json.tsx"),
  route("account/consents", "routes/auth/consents.tsx"),
  route("account/delete", "routes/auth/account-delete.tsx"),
  route("account/deleted", "routes/auth/account-deleted.tsx"),

  // Producers' workspace: every route below /producer/:producerId checks access to that producer.
  route("producer", "routes/producer/index.tsx"),
  route("producer/new", "routes/producer/new.tsx"),
  route("producer/:producerId", "routes/producer/layout.tsx", [
    index("routes/producer/dashboard.tsx"),
    route("profile", "routes/producer/profile.tsx"),
    route("helpers", "routes/producer/helpers.tsx"),
    route("members", "routes/producer/members.tsx"),
    route("products/new", "routes/producer/product-new.tsx"),
    route("products/draft", "routes/producer/product-draft.tsx"),
    route("products/:productId", "routes/producer/product-edit.tsx"),
    route("products/:productId/photos", "routes/producer/product-photos.tsx"),
    route("products/:productId/certificates", "routes/producer/certificates.tsx"),
    route(
      "products/:productId/certificates/:certificateId/document",
      "routes/producer/certificate-document.tsx",
    ),
    route("products/:productId/batches", "routes/producer/batches.tsx"),
    route("products/:productId/batches/:batchId", "routes/producer/batch.tsx"),
    route("products/:productId/batches/:batchId/epcis", "routes/producer/batch-epcis.tsx"),
    route("products/:productId/batches/:batchId/qr/:format", "routes/producer/batch-qr.tsx"),
    route("products/:productId/labels", "routes/producer/labels.tsx"),
    route("import", "routes/producer/import.tsx"),
    route("import/template", "routes/producer/import-template.tsx"),
    route("orders", "routes/orders/producer-orders.tsx"),
    route("orders/:code", "routes/orders/producer-order.tsx"),
  ]),
  route("claim", "routes/producer/claim.tsx"),
  route("helper", "routes/helper/index.tsx"),
  route("helper/onboard", "routes/helper/onboard.tsx"),

  // GS1 Digital Link resolver (QR codes on packages) and the fallback for products without a GTIN.
  route("01/:gtin/10/:lot", "routes/trace/digital-link.tsx"),
  route("t/:publicId/:lot", "routes/trace/fallback.tsx"),
  route("t/:publicId/:lot/epcis", "routes/trace/epcis.tsx"),
  // Officials: the review queue of their province, one dossier, statistics; officials and admins: audit.
  route("review", "routes/reviews/queue.tsx"),
  route("review/:productId", "routes/reviews/review.tsx"),
  route(
    "review/:productId/certificates/:certificateId/document",
    "routes/reviews/certificate-document.tsx",
  ),
  route("statistics", "routes/statistics/index.tsx"),
  route("statistics/export/:format", "routes/statistics/export.tsx"),
  route("audit", "routes/audit/index.tsx"),
  route("audit/export", "routes/audit/export.tsx"),
  route("notifications", "routes/notifications/index.tsx"),
  route("admin/checklist", "routes/reviews/checklist.tsx"),
  route("operator", "routes/workspaces/operator.tsx"),
  route("admin", "routes/workspaces/admin.tsx"),
  route("orders", "routes/orders/my-orders.tsx"),
  route("operator/orders", "routes/orders/operator-orders.tsx"),
  // Operators publish the approved catalogue to marketplaces; feeds are read at secret URLs.
  route("operator/marketplaces", "routes/marketplaces/index.tsx"),
  route("operator/marketplaces/pushes/:pushId", "routes/marketplaces/push.tsx"),
  route("operator/marketplaces/export/:file", "routes/marketplaces/export.tsx"),
  route("feeds/:token/:file", "routes/marketplaces/feed.tsx"),
  route("operator/orders/:code", "routes/orders/operator-order.tsx"),

  // Buying: cart, checkout, VNPay (IPN for VNPay's servers, return page for the buyer), orders.
  route("gio-hang", "routes/checkout/cart.tsx"),
  route("dat-hang", "routes/checkout/checkout.tsx"),
  route("dat-hang/xong/:checkoutId", "routes/checkout/placed.tsx"),
  route("payments/vnpay/ipn", "routes/payments/vnpay-ipn.tsx"),
  route("payments/vnpay/return", "routes/payments/vnpay-return.tsx"),
  route("payments/vnpay/pay/:checkoutId", "routes/payments/vnpay-pay.tsx"),
  // A buyer's order: signed in as its buyer, or by the private link's token.
  route("don-hang/:code/:token?", "routes/orders/order.tsx"),

  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
