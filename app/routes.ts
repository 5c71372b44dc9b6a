import { index, route, type RouteConfig } from "@remix-run/route-config";

// One explicit table of every URL, grouped by who uses it (see README "Routing").
export default [
  index("routes/catalogue/home.tsx"),

  route("login", "routes/auth/login.tsx"),
  route("signup", "routes/auth/signup.tsx"),
  route("logout", "routes/auth/logout.tsx"),
  route("forgot-password", "routes/auth/forgot-password.tsx"),
  route("reset-password/:token", "routes/auth/reset-password.tsx"),
  route("language", "routes/auth/language.tsx"),
  route("account", "routes/auth/account.tsx"),

  route("producer", "routes/workspaces/producer.tsx"),
  route("helper", "routes/workspaces/helper.tsx"),
  route("review", "routes/workspaces/review.tsx"),
  route("operator", "routes/workspaces/operator.tsx"),
  route("admin", "routes/workspaces/admin.tsx"),
  route("orders", "routes/workspaces/orders.tsx"),

  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
